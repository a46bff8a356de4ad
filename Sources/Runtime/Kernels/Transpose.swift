/// A permutation of a tensor's axes (MXNet `transpose`): output axis `i` is input axis
/// `axes[i]`.
public struct TransposeKernel: Hashable, Sendable {
    /// The shape of the result.
    public let outputShape: [Int]
    /// Output axes after dropping 1s and merging those that stay adjacent, with the
    /// input stride of each.
    private let axes: [StridedAxis]

    /// Checks that `axes` permutes the axes of `shape` (negative counts from the end; nil or
    /// empty reverses them, as MXNet's default does) and plans the copy.
    public init(shape: [Int], axes: [Int]?) throws {
        let rank = shape.count
        let order = (axes?.isEmpty ?? true) ? Array((0..<rank).reversed())
            : (axes ?? []).map { $0 < 0 ? $0 + rank : $0 }
        try require(
            order.sorted() == Array(0..<rank), "transpose",
            "axes \(axes ?? []) are not a permutation of the \(rank) axes of \(shape)")
        outputShape = order.map { shape[$0] }
        let strides = rowMajorStrides(shape)
        var planned: [StridedAxis] = []
        for axis in order where shape[axis] != 1 {
            let step = StridedAxis(size: shape[axis], stride: strides[axis])
            let adjacent = planned.last.map { $0.stride == step.stride * step.size } ?? false
            planned.append(step, merging: adjacent)
        }
        self.axes = planned.isEmpty ? [StridedAxis(size: 1, stride: 0)] : planned
    }

    /// Copies `input` into `output` in the permuted order.
    public func apply(
        _ input: UnsafePointer<Float>, to output: UnsafeMutablePointer<Float>, threads: Int = 1
    ) {
        let inner = axes[axes.count - 1]
        let outer = Array(axes.dropLast())
        let rows = outer.reduce(1) { $0 * $1.size }
        parallelFor(rows, chunk: chunkSize(count: rows, cost: inner.size), threads: threads) { range in
            for row in range {
                let source = input + offset(of: row, in: outer)
                let target = output + row * inner.size
                if inner.stride == 1 {
                    target.update(from: source, count: inner.size)
                } else {
                    for index in 0..<inner.size { target[index] = source[index * inner.stride] }
                }
            }
        }
    }
}
