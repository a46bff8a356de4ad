/// Batched matrix multiplication (MXNet `batch_dot`): for each leading index,
/// `op(lhs) · op(rhs)` where `op` transposes the last two axes when asked.
public struct BatchDotKernel: Hashable, Sendable {
    /// The shape of the result: the leading axes, then `m × n`.
    public let outputShape: [Int]
    /// Whether each left matrix is used transposed.
    public let transposeA: Bool
    /// Whether each right matrix is used transposed.
    public let transposeB: Bool
    /// Matrices in the batch (the product of the leading axes).
    private let batch: Int
    /// Rows of `op(lhs)`, columns of `op(rhs)`, and the shared inner size.
    private let m: Int, n: Int, k: Int

    /// Checks that `lhs` and `rhs` (rank ≥ 3, same leading axes) multiply.
    public init(lhs: [Int], rhs: [Int], transposeA: Bool = false, transposeB: Bool = false) throws {
        let op = "batch_dot"
        try require(
            lhs.count >= 3 && lhs.count == rhs.count && lhs.dropLast(2) == rhs.dropLast(2), op,
            "shapes \(lhs) and \(rhs) need rank ≥ 3 and equal leading axes")
        let (lhsRows, lhsColumns) = (lhs[lhs.count - 2], lhs[lhs.count - 1])
        let (rhsRows, rhsColumns) = (rhs[rhs.count - 2], rhs[rhs.count - 1])
        m = transposeA ? lhsColumns : lhsRows
        k = transposeA ? lhsRows : lhsColumns
        n = transposeB ? rhsRows : rhsColumns
        let rhsInner = transposeB ? rhsColumns : rhsRows
        try require(
            k == rhsInner, op,
            "inner sizes differ: \(k) against \(rhsInner) for shapes \(lhs) and \(rhs)")
        self.transposeA = transposeA
        self.transposeB = transposeB
        batch = lhs.dropLast(2).reduce(1, *)
        outputShape = Array(lhs.dropLast(2)) + [m, n]
    }

    /// Multiplies each pair of matrices into `output`. Every product uses the same fixed
    /// GEMM tiling, so the result does not depend on `threads`.
    public func apply(
        _ lhs: UnsafePointer<Float>, _ rhs: UnsafePointer<Float>,
        to output: UnsafeMutablePointer<Float>, threads: Int = 1
    ) {
        let inner = batch >= threads ? 1 : threads
        parallelFor(batch, threads: threads / inner) { range in
            for index in range {
                GEMM.multiply(
                    transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
                    a: lhs + index * m * k, lda: transposeA ? m : k,
                    b: rhs + index * k * n, ldb: transposeB ? k : n,
                    c: output + index * m * n, ldc: n, threads: inner)
            }
        }
    }
}
