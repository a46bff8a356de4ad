import GraphIR
import Layers
import Models
import Plot

/// The DSSM example as the CLI uses it: its graph, default shapes, inputs and tower groups.
enum ExampleModel {
    /// The example's shapes at a batch size: user (B, 1), texts (B, 30), images (B, 3, 224, 224).
    static func defaultShapes(batch: Int) -> [String: Shape] {
        ["user": [batch, 1], "query_text": [batch, 30], "title": [batch, 30], "image": [batch, 3, 224, 224]]
    }

    /// The traced example, its parameters' shapes fixed by inference at the default shapes
    /// (as after Gluon's first forward pass), so other input shapes are checked against them.
    static func graph() throws -> Graph {
        var graph = try DSSMRecommenderNetwork().graph(outputs: [.score])
        let shapes = try graph.inferShapes(defaultShapes(batch: 1))
        let inputs = Set(defaultShapes(batch: 1).keys)
        for index in graph.variableIndices where !inputs.contains(graph.nodes[index].name) {
            if let shape = shapes[node: index] { graph.nodes[index].hints["__shape__"] = shape.description }
        }
        return graph
    }

    /// The example with seeded Xavier weights, ready to compile.
    static func initializedGraph(seed: UInt32, batch: Int) throws -> Graph {
        let network = try DSSMRecommenderNetwork()
        try network.initialize(Xavier(), seed: seed)
        return try network.graph(outputs: [.score], inputShapes: defaultShapes(batch: batch))
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
        let shapes = defaultShapes(batch: batch)
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

    /// The query and item towers as outer clusters of the layer view.
    static var towerGroups: [LayerGroup] {
        let prefix = "dssmrecommendernetwork0_"
        return [
            LayerGroup(label: "query tower", layerPrefixes: ["embedding0_", "dense0_", "embedding1_", "lstm0_", "dense1_", "dropout0_", "dense2_"].map { prefix + $0 }),
            LayerGroup(label: "item tower", layerPrefixes: ["embedding2_", "lstm1_", "dense3_", "resnetv20_", "dense4_", "dropout1_", "dense5_"].map { prefix + $0 }),
        ]
    }
}
