/// A binary operator between two tensors of numpy-broadcast-compatible shapes (MXNet's
/// `broadcast_add`, `broadcast_sub`, `broadcast_mul`, `broadcast_div`, `broadcast_maximum`,
/// `broadcast_minimum`): shapes align on the right and a dimension of 1 repeats.
public struct BroadcastKernel: Hashable, Sendable {
    /// The shape of the result.
    public let outputShape: [Int]
    /// Output dimensions after dropping 1s and merging neighbours that repeat alike.
    private let dims: [Int]
    /// Element strides of the left operand along `dims` (0 where it repeats).
    private let lhsStrides: [Int]
    /// Element strides of the right operand along `dims` (0 where it repeats).
    private let rhsStrides: [Int]

    /// Checks that the shapes broadcast and plans the loops.
    public init(lhs: [Int], rhs: [Int]) throws {
        let rank = max(lhs.count, rhs.count)
        let left = Array(repeating: 1, count: rank - lhs.count) + lhs
        let right = Array(repeating: 1, count: rank - rhs.count) + rhs
        var shape: [Int] = []
        for (a, b) in zip(left, right) {
            try require(
                a == b || a == 1 || b == 1, "broadcast",
                "shapes \(lhs) and \(rhs) do not broadcast")
            shape.append(a == 1 ? b : a)
        }
        outputShape = shape
        let leftStrides = rowMajorStrides(left), rightStrides = rowMajorStrides(right)
        var dims: [Int] = [], lhsStrides: [Int] = [], rhsStrides: [Int] = []
        for axis in 0..<rank where shape[axis] != 1 {
            let l = left[axis] == 1 ? 0 : leftStrides[axis]
            let r = right[axis] == 1 ? 0 : rightStrides[axis]
            if let last = dims.indices.last,
               lhsStrides[last] == l * shape[axis], rhsStrides[last] == r * shape[axis] {
                dims[last] *= shape[axis]
                lhsStrides[last] = l
                rhsStrides[last] = r
            } else {
                dims.append(shape[axis])
                lhsStrides.append(l)
                rhsStrides.append(r)
            }
        }
        self.dims = dims.isEmpty ? [1] : dims
        self.lhsStrides = lhsStrides.isEmpty ? [0] : lhsStrides
        self.rhsStrides = rhsStrides.isEmpty ? [0] : rhsStrides
    }

    /// Computes `output = lhs ∘ rhs` over the broadcast shape.
    public func apply(
        _ operation: BinaryOperator, _ lhs: UnsafePointer<Float>, _ rhs: UnsafePointer<Float>,
        to output: UnsafeMutablePointer<Float>, threads: Int = 1
    ) {
        let inner = dims[dims.count - 1]
        let rows = dims.dropLast().reduce(1, *)
        parallelFor(rows, chunk: chunkSize(count: rows, cost: inner), threads: threads) { range in
            for row in range {
                var rest = row, lhsOffset = 0, rhsOffset = 0
                for axis in stride(from: dims.count - 2, through: 0, by: -1) {
                    let index = rest % dims[axis]
                    rest /= dims[axis]
                    lhsOffset += index * lhsStrides[axis]
                    rhsOffset += index * rhsStrides[axis]
                }
                operation.run(
                    lhs + lhsOffset, lhsStrides[dims.count - 1],
                    rhs + rhsOffset, rhsStrides[dims.count - 1],
                    output + row * inner, inner)
            }
        }
    }
}
