/// A lookup table (MXNet `Embedding`): each float index selects a row of the weight
/// `(inputDim, outputDim)`; the output has the indices' shape with `outputDim` appended.
///
/// By default an index that is not a whole number in `0..<inputDim` is an error. With
/// `clip` an index is handled as MXNet does: truncated toward zero and clamped into
/// `0...inputDim − 1` (NaN reads as 0).
public struct EmbeddingKernel: Hashable, Sendable {
    /// Rows of the table (the vocabulary size).
    public let inputDim: Int
    /// Columns of the table (the embedding width).
    public let outputDim: Int
    /// Whether bad indices are clamped rather than rejected.
    public let clip: Bool

    /// Checks the sizes.
    public init(inputDim: Int, outputDim: Int, clip: Bool = false) throws {
        try require(
            inputDim > 0 && outputDim > 0, "Embedding",
            "input_dim \(inputDim) and output_dim \(outputDim) must be positive")
        self.inputDim = inputDim
        self.outputDim = outputDim
        self.clip = clip
    }

    /// Copies the weight row of each of the `count` indices into `output`
    /// (`count × outputDim` floats). Throws, before writing anything, on the first bad
    /// index unless `clip` is set.
    public func apply(
        indices: UnsafePointer<Float>, count: Int, weight: UnsafePointer<Float>,
        output: UnsafeMutablePointer<Float>, threads: Int = 1
    ) throws {
        if !clip {
            for position in 0..<count {
                let value = indices[position]
                guard value.rounded(.towardZero) == value else {
                    throw KernelError.indexNotWhole(value: value, position: position)
                }
                guard value >= 0 && value < Float(inputDim) else {
                    throw KernelError.indexOutOfRange(value: value, position: position, inputDim: inputDim)
                }
            }
        }
        let chunk = chunkSize(count: count, cost: outputDim)
        parallelFor(count, chunk: chunk, threads: threads) { positions in
            for position in positions {
                let row = self.row(indices[position])
                (output + position * outputDim).update(from: weight + row * outputDim, count: outputDim)
            }
        }
    }

    /// The table row an index selects once clamped into range (identity for valid indices).
    private func row(_ value: Float) -> Int {
        guard !value.isNaN else { return 0 }
        return min(Int(min(max(value, 0), Float(inputDim - 1))), inputDim - 1)
    }
}
