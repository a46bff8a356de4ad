import GraphIR
import Layers

/// The example's bag-of-words encoder: each token id picks a fixed random unit vector
/// (`bagOfWordsProjection`, the padding id picks zeros) and the vectors are summed over the
/// sequence, (N, T) → (N, outputDim). Traced as `Embedding` (`<prefix>embedding0`) with the
/// constant `<prefix>proj`, then `sum` over axis 1 (`<prefix>sum0`).
public final class BagOfWordsRandomProjection: UnaryBlock {
    public let core: BlockCore
    /// The vocabulary size.
    public let vocabularySize: Int
    /// The size of each token's vector.
    public let outputDim: Int
    /// The constant (non-trainable) projection, (vocabularySize, outputDim).
    public let projection: Parameter

    /// Creates the block; `prefix` nil names it `bagofwordsrandomprojection<n>_`.
    ///
    /// - Throws: `RandomProjectionError` for non-positive sizes or a padding id outside the
    ///   vocabulary.
    public init(vocabularySize: Int, outputDim: Int, seed: UInt32 = 54321, padIndex: Int = 0,
                prefix: String? = nil) throws {
        let value = try bagOfWordsProjection(vocabularySize: vocabularySize, outputDimension: outputDim,
                                             seed: seed, padIndex: padIndex)
        let core = BlockCore(prefix: prefix, hint: "bagofwordsrandomprojection")
        self.core = core
        self.vocabularySize = vocabularySize
        self.outputDim = outputDim
        self.projection = try core.addConstant("proj", value: value)
    }

    public func callAsFunction(_ x: Symbol) -> Symbol {
        traceCall {
            let attributes = GraphIR.Embedding(inputDim: vocabularySize, outputDim: outputDim)
            let rows = x.builder.node(.embedding(attributes), hint: "embedding", [x, projection.variable(in: x.builder)])
            return rows.sum(axis: 1)
        }
    }
}
