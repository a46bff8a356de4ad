/// A reduction over a set of axes (MXNet `sum`, `mean`, `norm`).
///
/// Each output element accumulates its inputs one after another in row-major order, on one
/// thread; threads split the output elements only.
public struct ReductionKernel: Hashable, Sendable {
    /// The shape of the result: reduced axes removed, or kept as 1 with `keepDims`; `[1]`
    /// when everything is reduced without `keepDims`, as in MXNet.
    public let outputShape: [Int]
    /// Input elements per output element.
    public let reducedCount: Int
    /// Kept dimensions after dropping 1s and merging neighbours, with their strides.
    private let kept: [StridedAxis]
    /// Reduced dimensions after dropping 1s and merging neighbours, with their strides.
    private let reduced: [StridedAxis]

    /// Plans a reduction of a tensor of `shape` over `axes` (negative counts from the end),
    /// or over all other axes when `exclude` is true. Nil or empty `axes` reduce every axis,
    /// as MXNet's default `axis=()` does.
    public init(shape: [Int], axes: [Int]?, keepDims: Bool = false, exclude: Bool = false) throws {
        let rank = shape.count
        var selected = Set<Int>()
        let everything = axes?.isEmpty ?? true
        for axis in everything ? Array(0..<rank) : axes ?? [] {
            let normalized = axis < 0 ? axis + rank : axis
            try require(
                (0..<rank).contains(normalized) && !selected.contains(normalized), "reduce",
                "axis \(axis) is out of range or repeated for shape \(shape)")
            selected.insert(normalized)
        }
        if exclude && !everything { selected = Set(0..<rank).subtracting(selected) }
        let strides = rowMajorStrides(shape)
        var kept: [StridedAxis] = [], reduced: [StridedAxis] = []
        var output: [Int] = [], previousReduced: Bool?
        for axis in 0..<rank {
            let isReduced = selected.contains(axis)
            if !isReduced || keepDims { output.append(isReduced ? 1 : shape[axis]) }
            guard shape[axis] != 1 else { continue }
            let step = StridedAxis(size: shape[axis], stride: strides[axis])
            if isReduced {
                reduced.append(step, merging: previousReduced == true)
            } else {
                kept.append(step, merging: previousReduced == false)
            }
            previousReduced = isReduced
        }
        outputShape = output.isEmpty ? [1] : output
        reducedCount = reduced.reduce(1) { $0 * $1.size }
        self.kept = kept
        self.reduced = reduced.isEmpty ? [StridedAxis(size: 1, stride: 0)] : reduced
    }

    /// Sums each reduced group of `input` into `output`.
    public func sum(
        _ input: UnsafePointer<Float>, to output: UnsafeMutablePointer<Float>, threads: Int = 1
    ) {
        run(input, output, threads) { base in
            var total: Float = 0
            visit(base) { total += $0 }
            return total
        }
    }

    /// Averages each reduced group of `input` into `output` (the sum divided by the count).
    public func mean(
        _ input: UnsafePointer<Float>, to output: UnsafeMutablePointer<Float>, threads: Int = 1
    ) {
        let count = Float(reducedCount)
        run(input, output, threads) { base in
            var total: Float = 0
            visit(base) { total += $0 }
            return total / count
        }
    }

    /// The L2 norm of each reduced group, accumulated with a running scale so that large
    /// or tiny values neither overflow nor underflow.
    public func norm(
        _ input: UnsafePointer<Float>, to output: UnsafeMutablePointer<Float>, threads: Int = 1
    ) {
        run(input, output, threads) { base in
            var scale: Float = 0, sumOfSquares: Float = 1
            visit(base) { value in
                let magnitude = abs(value)
                guard magnitude != 0 else { return }
                if scale < magnitude {
                    let ratio = scale / magnitude
                    sumOfSquares = 1 + sumOfSquares * ratio * ratio
                    scale = magnitude
                } else {
                    let ratio = magnitude / scale
                    sumOfSquares += ratio * ratio
                }
            }
            return scale * sumOfSquares.squareRoot()
        }
    }

    /// Writes `reduce(base)` for each output element, `base` pointing at its first input.
    @inline(__always)
    private func run(
        _ input: UnsafePointer<Float>, _ output: UnsafeMutablePointer<Float>, _ threads: Int,
        _ reduce: (UnsafePointer<Float>) -> Float
    ) {
        let count = kept.reduce(1) { $0 * $1.size }
        parallelFor(count, chunk: chunkSize(count: count, cost: reducedCount), threads: threads) { range in
            for element in range {
                output[element] = reduce(input + offset(of: element, in: kept))
            }
        }
    }

    /// Calls `body` with each input of the group starting at `base`, in row-major order.
    @inline(__always)
    private func visit(_ base: UnsafePointer<Float>, _ body: (Float) -> Void) {
        let inner = reduced[reduced.count - 1]
        guard inner.size > 0 else { return }
        let outerAxes = reduced.count - 1
        withUnsafeTemporaryAllocation(of: Int.self, capacity: max(outerAxes, 1)) { counters in
            counters.initialize(repeating: 0)
            var offset = 0
            for _ in 0..<reducedCount / inner.size {
                let start = base + offset
                for index in 0..<inner.size { body(start[index * inner.stride]) }
                var axis = outerAxes - 1
                while axis >= 0 {
                    counters[axis] += 1
                    offset += reduced[axis].stride
                    if counters[axis] < reduced[axis].size { break }
                    offset -= reduced[axis].stride * reduced[axis].size
                    counters[axis] = 0
                    axis -= 1
                }
            }
        }
    }
}
