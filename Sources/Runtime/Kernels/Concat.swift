/// Concatenation along one axis (MXNet `Concat`); all other dimensions must agree.
public struct ConcatKernel: Hashable, Sendable {
    /// The shape of the result.
    public let outputShape: [Int]
    /// Product of the dimensions before the axis: the number of slabs each input contributes.
    private let outerCount: Int
    /// Elements per slab of each input: its axis length times the dimensions after the axis.
    private let slabCounts: [Int]

    /// Checks the shapes and plans the copy along `axis` (negative counts from the end).
    public init(shapes: [[Int]], axis: Int) throws {
        let op = "Concat"
        try require(!shapes.isEmpty, op, "needs at least one input")
        let rank = shapes[0].count
        let dim = axis < 0 ? axis + rank : axis
        try require((0..<rank).contains(dim), op, "axis \(axis) is out of range for rank \(rank)")
        for (index, shape) in shapes.enumerated() {
            let agrees = shape.count == rank
                && (0..<rank).allSatisfy { $0 == dim || shape[$0] == shapes[0][$0] }
            try require(
                agrees, op,
                "input \(index) has shape \(shape), which does not match \(shapes[0]) off axis \(axis)")
        }
        var output = shapes[0]
        output[dim] = shapes.reduce(0) { $0 + $1[dim] }
        outputShape = output
        outerCount = output[..<dim].reduce(1, *)
        let innerCount = output[(dim + 1)...].reduce(1, *)
        slabCounts = shapes.map { $0[dim] * innerCount }
    }

    /// Copies `inputs` (in order, one pointer per input shape) into `output`.
    public func apply(inputs: [UnsafePointer<Float>], output: UnsafeMutablePointer<Float>, threads: Int = 1) {
        let rowCount = slabCounts.reduce(0, +)
        let chunk = chunkSize(count: outerCount, cost: rowCount)
        parallelFor(outerCount, chunk: chunk, threads: threads) { range in
            for outer in range {
                var target = output + outer * rowCount
                for (input, count) in zip(inputs, slabCounts) {
                    target.update(from: input + outer * count, count: count)
                    target += count
                }
            }
        }
    }
}
