import GraphIR
import Layers
import Models

/// The DSSM example as `run` and `export` use it: seeded weights and the example's inputs.
enum ExampleModel {
    /// The shapes `inputs(batch:seed:)` gives: texts of 5 tokens at batch 2, else of 30.
    static func inputShapes(batch: Int) -> [String: Shape] {
        var shapes = ExampleNetwork.dssm.defaultShapes(batch: batch)
        if batch == 2 { shapes["query_text"] = [2, 5]; shapes["title"] = [2, 5] }
        return shapes
    }

    /// The example with seeded Xavier weights, ready to compile for `shapes`.
    static func initializedGraph(seed: UInt32, shapes: [String: Shape]) throws -> Graph {
        let network = try DSSMRecommenderNetwork()
        try network.initialize(Xavier(), seed: seed)
        return try network.graph(outputs: [.score], inputShapes: shapes)
    }

    /// The example's inputs at batch 2 (user [[200],[100]], query_text = title =
    /// [[10,20,0,0,0],[40,50,0,0,0]], image uniform in [0, 1) from `RandomState(7)`), or at
    /// other batch sizes seeded random ids (text length 30) and images.
    static func inputs(batch: Int, seed: UInt32) throws -> [String: Tensor] {
        if batch == 2 {
            let text = try Tensor(shape: [2, 5], scalars: [10, 20, 0, 0, 0, 40, 50, 0, 0, 0])
            var random = RandomState(seed: 7)
            return [
                "user": try Tensor(shape: [2, 1], scalars: [200, 100]),
                "query_text": text, "title": text,
                "image": try Tensor(shape: [2, 3, 224, 224], scalars: random.uniform(low: 0, high: 1, count: 2 * 3 * 224 * 224).map { Float($0) }),
            ]
        }
        var random = RandomState(seed: seed)
        func ids(_ high: Int, _ shape: Shape) throws -> Tensor {
            try Tensor(shape: shape, scalars: random.randint(low: 0, high: high, count: shape.count).map { Float($0) })
        }
        let shapes = ExampleNetwork.dssm.defaultShapes(batch: batch)
        return [
            "user": try ids(100_000, shapes["user"] ?? []),
            "query_text": try ids(30_000, shapes["query_text"] ?? []),
            "title": try ids(30_000, shapes["title"] ?? []),
            "image": try Tensor(shape: shapes["image"] ?? [], scalars: random.uniform(low: 0, high: 1, count: batch * 3 * 224 * 224).map { Float($0) }),
        ]
    }

    /// An imported graph with seeded Xavier weights for every parameter without a value.
    static func xavierInitialized(_ graph: Graph, shapes: ShapeMap, inputs: Set<String>, seed: UInt32) throws -> Graph {
        try graph.initializingParameters(shapes: shapes, inputs: inputs, initializer: Xavier(), seed: seed)
    }
}
