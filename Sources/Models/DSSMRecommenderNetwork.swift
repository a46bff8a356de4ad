import GraphIR
import Layers

/// The DSSM recommender of MXNet Gluon's recommender example, traced exactly as the example's
/// `hybrid_forward` (same node names, order and shapes as MXNet's symbol).
///
/// Query tower: user id → embedding → dense relu; query tokens → embedding → transpose to
/// TNC → 2-layer bidirectional LSTM → mean over time → dense relu; both concatenated →
/// dropout → dense relu. Item tower: title tokens the same way; image → ResNet-18 v2
/// features → dense relu; concatenated → dropout → dense relu. Score: the cosine of the two
/// embeddings, `batch_dot(q, i) / (‖q‖·‖i‖ + 1e-9)`, shape (batch, 1).
///
/// Inputs (float32 ids): `user` (N, 1), `query_text` (N, Tq), `title` (N, Tt), `image`
/// (N, 3, H, W).
public final class DSSMRecommenderNetwork: Block {
    public let core: BlockCore
    /// User id → (N, 1, projectionDim).
    public let userEmbedding: Layers.Embedding
    /// Dense relu on the user vector.
    public let userMLP: Dense
    /// Query token ids → (N, Tq, projectionDim).
    public let queryTextEmbedding: Layers.Embedding
    /// 2-layer bidirectional LSTM over the query tokens.
    public let queryLSTM: LSTM
    /// Dense relu on the time-averaged query LSTM output.
    public let queryTextMLP: Dense
    /// Dropout on the concatenated user and query vectors.
    public let queryDropout: Dropout
    /// Its output is the query embedding.
    public let queryMLP: Dense
    /// Title token ids → (N, Tt, projectionDim).
    public let titleEmbedding: Layers.Embedding
    /// 2-layer bidirectional LSTM over the title tokens.
    public let titleLSTM: LSTM
    /// Dense relu on the time-averaged title LSTM output.
    public let titleMLP: Dense
    /// ResNet-18 v2's `features`.
    public let imageEmbedding: HybridSequential
    /// Dense relu on the image features.
    public let imageMLP: Dense
    /// Dropout on the concatenated title and image vectors.
    public let itemDropout: Dropout
    /// Its output is the item embedding.
    public let itemMLP: Dense

    /// `user`, `query_text`, `title`, `image`.
    public var inputNames: [String] { ["user", "query_text", "title", "image"] }

    /// Creates the network with the example's sizes by default; `prefix` is the one the
    /// example passes.
    ///
    /// - Throws: `LayerError.invalidArgument` for non-positive sizes or a dropout outside [0, 1).
    public init(queryVocabularySize: Int = 30000, projectionDim: Int = 128, maxUser: Int = 100_000,
                titleVocabularySize: Int = 30000, hiddenUnits: Int = 128, dropout: Double = 0.5,
                prefix: String? = "dssmrecommendernetwork0_") throws {
        let core = BlockCore(prefix: prefix, hint: "dssmrecommendernetwork")
        let parts = try core.withNameScope {
            try Parts(queryVocabularySize: queryVocabularySize, projectionDim: projectionDim, maxUser: maxUser,
                      titleVocabularySize: titleVocabularySize, hiddenUnits: hiddenUnits, dropout: dropout)
        }
        self.core = core
        userEmbedding = parts.userEmbedding
        userMLP = parts.userMLP
        queryTextEmbedding = parts.queryTextEmbedding
        queryLSTM = parts.queryLSTM
        queryTextMLP = parts.queryTextMLP
        queryDropout = parts.queryDropout
        queryMLP = parts.queryMLP
        titleEmbedding = parts.titleEmbedding
        titleLSTM = parts.titleLSTM
        titleMLP = parts.titleMLP
        imageEmbedding = parts.imageEmbedding
        imageMLP = parts.imageMLP
        itemDropout = parts.itemDropout
        itemMLP = parts.itemMLP
        let children: [any Block] = [userEmbedding, userMLP, queryTextEmbedding, queryLSTM, queryTextMLP, queryDropout,
                                     queryMLP, titleEmbedding, titleLSTM, titleMLP, imageEmbedding, imageMLP,
                                     itemDropout, itemMLP]
        children.forEach(core.register)
    }

    /// The traced results of one call: both tower embeddings and the score.
    public struct Outputs {
        /// The query tower's embedding, (N, hiddenUnits): `<prefix>dense2_relu_fwd`.
        public var query: Symbol
        /// The item tower's embedding, (N, hiddenUnits): `<prefix>dense5_relu_fwd`.
        public var item: Symbol
        /// The cosine similarity, (N, 1).
        public var score: Symbol
    }

    /// Traces the network; returns the tower embeddings and the score.
    ///
    /// - Throws: `LayerError.mixedBuilders` when the inputs belong to different builders.
    public func outputs(user: Symbol, queryText: Symbol, title: Symbol, image: Symbol) throws -> Outputs {
        guard [queryText, title, image].allSatisfy({ $0.builder === user.builder }) else {
            throw LayerError.mixedBuilders(operation: core.name)
        }
        return try traceCall(recording: { [$0.score] }) { () throws -> Outputs in
            let userVector = userMLP(userEmbedding(user))
            let queryVector = queryTextMLP(queryLSTM(queryTextEmbedding(queryText).transposed([1, 0, 2])).mean(axis: 0))
            let query = queryMLP(queryDropout(try Symbol.concat([userVector, queryVector])))
            let titleVector = titleMLP(titleLSTM(titleEmbedding(title).transposed([1, 0, 2])).mean(axis: 0))
            let imageVector = imageMLP(imageEmbedding(image))
            let item = itemMLP(itemDropout(try Symbol.concat([titleVector, imageVector])))
            let query3 = query.expandingDims(axis: 2)
            let item3 = item.expandingDims(axis: 2)
            let dot = try query3.batchDot(item3, transposeA: true)
            let norms = try query3.norm(axis: 1) * item3.norm(axis: 1) + 1e-9
            let score = try (dot / norms.expandingDims(axis: 2)).squeezing(axis: 2)
            return Outputs(query: query, item: item, score: score)
        }
    }

    /// Traces the network; returns the score.
    public func callAsFunction(user: Symbol, queryText: Symbol, title: Symbol, image: Symbol) throws -> Symbol {
        try outputs(user: user, queryText: queryText, title: title, image: image).score
    }

    /// Traces the network on `user`, `query_text`, `title`, `image`; returns `[score]`.
    public func callAsFunction(_ inputs: [Symbol]) throws -> [Symbol] {
        guard inputs.count == 4 else { throw LayerError.inputCount(block: core.name, expected: 4, found: inputs.count) }
        return [try self(user: inputs[0], queryText: inputs[1], title: inputs[2], image: inputs[3])]
    }
}

extension DSSMRecommenderNetwork {
    /// The sub-blocks, created in the order the example assigns them (which fixes their names).
    private struct Parts {
        let userEmbedding: Layers.Embedding
        let userMLP: Dense
        let queryTextEmbedding: Layers.Embedding
        let queryLSTM: LSTM
        let queryTextMLP: Dense
        let queryDropout: Dropout
        let queryMLP: Dense
        let titleEmbedding: Layers.Embedding
        let titleLSTM: LSTM
        let titleMLP: Dense
        let imageEmbedding: HybridSequential
        let imageMLP: Dense
        let itemDropout: Dropout
        let itemMLP: Dense

        init(queryVocabularySize: Int, projectionDim: Int, maxUser: Int, titleVocabularySize: Int,
             hiddenUnits: Int, dropout: Double) throws {
            userEmbedding = try Layers.Embedding(maxUser, projectionDim)
            userMLP = try Dense(hiddenUnits, activation: .relu)
            queryTextEmbedding = try Layers.Embedding(queryVocabularySize, projectionDim)
            queryLSTM = try LSTM(hiddenUnits, numLayers: 2, bidirectional: true)
            queryTextMLP = try Dense(hiddenUnits, activation: .relu)
            queryDropout = try Dropout(dropout)
            queryMLP = try Dense(hiddenUnits, activation: .relu)
            titleEmbedding = try Layers.Embedding(titleVocabularySize, projectionDim)
            titleLSTM = try LSTM(hiddenUnits, numLayers: 2, bidirectional: true)
            titleMLP = try Dense(hiddenUnits, activation: .relu)
            imageEmbedding = try ResNetV2.resnet18().features
            imageMLP = try Dense(hiddenUnits, activation: .relu)
            itemDropout = try Dropout(dropout)
            itemMLP = try Dense(hiddenUnits, activation: .relu)
        }
    }
}
