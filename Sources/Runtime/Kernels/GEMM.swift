import COpenBLAS

/// OpenBLAS runs single-threaded: parallelism is this module's, with fixed chunking.
private let singleThreadedBLAS: Void = openblas_set_num_threads(1)

/// Row-major single-precision matrix multiplication over OpenBLAS.
public enum GEMM {
    /// Computes `C = alpha * op(A) * op(B) + beta * C` with row-major operands.
    ///
    /// `op(A)` is `m × k` and `op(B)` is `k × n`; `lda`, `ldb`, `ldc` are the row strides
    /// of the stored matrices (`A` is stored `k × m` when `transposeA`, `B` is stored
    /// `n × k` when `transposeB`). With `threads > 1` the product is cut into tiles of `C`
    /// whose size depends only on `m`, `n` and `k`, so the result is bit-identical whatever
    /// the thread count; every element's sum over `k` stays within one call.
    public static func multiply(
        transposeA: Bool = false, transposeB: Bool = false,
        m: Int, n: Int, k: Int, alpha: Float = 1,
        a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        beta: Float = 0,
        c: UnsafeMutablePointer<Float>, ldc: Int,
        threads: Int = 1
    ) {
        guard m > 0, n > 0 else { return }
        let tile = tileSize(m: m, n: n, k: k)
        let rowTiles = (m + tile.rows - 1) / tile.rows
        let columnTiles = (n + tile.columns - 1) / tile.columns
        parallelFor(rowTiles * columnTiles, threads: threads) { tiles in
            for index in tiles {
                let row = index / columnTiles * tile.rows
                let column = index % columnTiles * tile.columns
                call(
                    transposeA: transposeA, transposeB: transposeB,
                    m: min(tile.rows, m - row), n: min(tile.columns, n - column), k: k,
                    alpha: alpha,
                    a: a + (transposeA ? row : row * lda), lda: lda,
                    b: b + (transposeB ? column * ldb : column), ldb: ldb,
                    beta: beta, c: c + row * ldc + column, ldc: ldc)
            }
        }
    }

    /// Computes `y = alpha · A · x + beta · y` for a row-major `rows × columns` matrix `A`
    /// with row stride `lda` (one `cblas_sgemv` call, on the calling thread): cheaper than a
    /// one-row GEMM for the recurrent step of a small batch.
    public static func multiplyVector(
        rows: Int, columns: Int, alpha: Float = 1, a: UnsafePointer<Float>, lda: Int,
        x: UnsafePointer<Float>, beta: Float = 0, y: UnsafeMutablePointer<Float>
    ) {
        guard rows > 0 else { return }
        _ = singleThreadedBLAS
        cblas_sgemv(CblasRowMajor, CblasNoTrans, blasint(rows), blasint(columns), alpha, a, blasint(lda), x, 1, beta, y, 1)
    }

    /// Halves the larger side of the `m × n` output until a tile holds at most about 2^23
    /// multiply-adds, keeping tiles at least 64 columns wide and 16 rows tall.
    static func tileSize(m: Int, n: Int, k: Int) -> (rows: Int, columns: Int) {
        var rows = m, columns = n
        while rows * columns * max(k, 1) > 1 << 23 {
            if columns >= rows, columns >= 128 {
                columns = (columns / 2 + 15) / 16 * 16
            } else if rows >= 32 {
                rows = (rows / 2 + 7) / 8 * 8
            } else {
                break
            }
        }
        return (rows, columns)
    }

    /// One `cblas_sgemm` call.
    private static func call(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Float,
        a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        _ = singleThreadedBLAS
        cblas_sgemm(
            CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans,
            transposeB ? CblasTrans : CblasNoTrans,
            blasint(m), blasint(n), blasint(k), alpha, a, blasint(lda), b, blasint(ldb),
            beta, c, blasint(ldc))
    }
}
