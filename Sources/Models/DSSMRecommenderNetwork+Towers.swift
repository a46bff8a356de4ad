import GraphIR
import Layers

extension DSSMRecommenderNetwork {
    /// A result of the network that a graph can compute.
    public enum Output: Hashable, Sendable {
        /// The cosine similarity, (N, 1).
        case score
        /// The query tower's embedding; needs only `user` and `query_text`.
        case queryEmbedding
        /// The item tower's embedding; needs only `title` and `image`.
        case itemEmbedding
    }

    /// The network's graph reduced to `outputs` (in MXNet's node order, values of
    /// initialised parameters bound): `[.queryEmbedding]` is the query tower alone, with
    /// inputs `user` and `query_text`.
    ///
    /// With `inputShapes` the graph's shapes are inferred, completing its parameters'
    /// deferred shapes and running their pending initialisation; shapes given for inputs
    /// the reduced graph does not have are ignored.
    ///
    /// - Throws: `GraphError` for an empty `outputs` or shapes that do not fit.
    public func graph(outputs: [Output], inputShapes: [String: Shape]? = nil) throws -> Graph {
        let builder = GraphBuilder()
        let traced = try self.outputs(user: builder.variable("user"), queryText: builder.variable("query_text"),
                                      title: builder.variable("title"), image: builder.variable("image"))
        let symbols = outputs.map { output -> Symbol in
            switch output {
            case .score: return traced.score
            case .queryEmbedding: return traced.query
            case .itemEmbedding: return traced.item
            }
        }
        let graph = try builder.graph(outputs: symbols).postOrdered()
        let variables = Set(graph.variableIndices.map { graph.nodes[$0].name })
        return try bindParameters(to: graph, inputShapes: inputShapes?.filter { variables.contains($0.key) })
    }
}
