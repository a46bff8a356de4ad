import Foundation

/// SoftmaxKernel over the last axis (MXNet `softmax` with `axis=-1`):
/// `exp((x − max) / t) / Σ exp((x − max) / t)` per row, for temperature `t`.
public struct SoftmaxKernel: Hashable, Sendable {
    /// Rows: the product of all axes but the last.
    public let rows: Int
    /// The last axis' length.
    public let columns: Int
    /// Divides the inputs before exponentiation (1 leaves them unchanged).
    public let temperature: Float

    /// Checks the sizes.
    public init(rows: Int, columns: Int, temperature: Float = 1) throws {
        try require(
            rows >= 0 && columns > 0 && temperature > 0, "softmax",
            "rows \(rows), columns \(columns) and temperature \(temperature) are not usable")
        self.rows = rows
        self.columns = columns
        self.temperature = temperature
    }

    /// Normalizes each row of `input` into `output` (which may be `input`).
    public func apply(
        _ input: UnsafePointer<Float>, to output: UnsafeMutablePointer<Float>, threads: Int = 1
    ) {
        parallelFor(rows, chunk: chunkSize(count: rows, cost: columns), threads: threads) { range in
            for row in range {
                let source = input + row * columns
                let target = output + row * columns
                var largest = -Float.infinity
                for index in 0..<columns { largest = max(largest, source[index]) }
                var total: Float = 0
                for index in 0..<columns {
                    let value = Foundation.exp((source[index] - largest) / temperature)
                    target[index] = value
                    total += value
                }
                for index in 0..<columns { target[index] /= total }
            }
        }
    }
}
