/// A dense layer (MXNet `FullyConnected`): `output = input · weightᵀ + bias`, with input
/// `(rows, inputSize)`, weight `(outputSize, inputSize)`, bias `(outputSize)` and output
/// `(rows, outputSize)`.
///
/// With `flatten=True` MXNet's rows are the first axis and the input size the product of
/// the others; with `flatten=False` the rows are the product of all axes but the last.
public struct FullyConnectedKernel: Hashable, Sendable {
    /// Rows of the input and output.
    public let rows: Int
    /// Features per input row.
    public let inputSize: Int
    /// Features per output row (`num_hidden`).
    public let outputSize: Int

    /// Checks the sizes.
    public init(rows: Int, inputSize: Int, outputSize: Int) throws {
        try require(
            rows > 0 && inputSize > 0 && outputSize > 0, "FullyConnected",
            "rows \(rows), input size \(inputSize) and output size \(outputSize) must be positive")
        self.rows = rows
        self.inputSize = inputSize
        self.outputSize = outputSize
    }

    /// Computes `input · weightᵀ`, adds `bias` when given, then applies `activation` when
    /// given. The GEMM is split into fixed tiles, so the result does not depend on `threads`.
    public func apply(
        input: UnsafePointer<Float>, weight: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
        activation: ActivationFunction? = nil, output: UnsafeMutablePointer<Float>, threads: Int = 1
    ) {
        if let bias {
            for row in 0..<rows {
                (output + row * outputSize).update(from: bias, count: outputSize)
            }
        }
        GEMM.multiply(
            transposeB: true, m: rows, n: outputSize, k: inputSize,
            a: input, lda: inputSize, b: weight, ldb: inputSize,
            beta: bias == nil ? 0 : 1, c: output, ldc: outputSize, threads: threads)
        activation?.apply(output, to: output, count: rows * outputSize, threads: threads)
    }
}
