import GraphIR
import Layers

/// The networks the tool ships: the DSSM recommender of the example, its bag-of-words
/// random projection, and the ResNet-18 v2 image branch alone.
public enum ExampleNetwork: String, CaseIterable, Sendable {
    case dssm
    case bow
    case resnet18V2 = "resnet18_v2"

    /// The default input shapes (batch 1; the DSSM's texts 30 tokens, images 224×224).
    public func defaultShapes(batch: Int = 1) -> [String: Shape] {
        switch self {
        case .dssm: return ["user": [batch, 1], "query_text": [batch, 30], "title": [batch, 30], "image": [batch, 3, 224, 224]]
        case .bow: return ["data": [batch, 30]]
        case .resnet18V2: return ["data": [batch, 3, 224, 224]]
        }
    }

    /// A fresh, uninitialised instance of the network with the example's sizes.
    public func network() throws -> any Block {
        switch self {
        case .dssm: return try DSSMRecommenderNetwork()
        case .bow: return try BagOfWordsRandomProjection(vocabularySize: 1000, outputDim: 20, prefix: "bagofwordsrandomprojection0_")
        case .resnet18V2: return try ResNetV2.resnet18(prefix: "resnetv20_").features
        }
    }

    /// The traced graph, its parameters' shapes fixed by inference at the default shapes (as
    /// after Gluon's first forward pass), so that other input shapes are checked against them.
    public func graph() throws -> Graph {
        let network = try network()
        var graph = try network.graph(inputNames: network.inputNames)
        let defaults = defaultShapes()
        let shapes = try graph.inferShapes(defaults)
        for index in graph.variableIndices where defaults[graph.nodes[index].name] == nil {
            if let shape = shapes[node: index] { graph.nodes[index].hints["__shape__"] = shape.description }
        }
        return graph
    }

    /// The groups of layers drawn as outer clusters in the layer view: the DSSM's towers.
    public var layerGroups: [(label: String, layerPrefixes: [String])] {
        guard self == .dssm else { return [] }
        let prefix = "dssmrecommendernetwork0_"
        return [
            ("query tower", ["embedding0_", "dense0_", "embedding1_", "lstm0_", "dense1_", "dropout0_", "dense2_"].map { prefix + $0 }),
            ("item tower", ["embedding2_", "lstm1_", "dense3_", "resnetv20_", "dense4_", "dropout1_", "dense5_"].map { prefix + $0 }),
        ]
    }
}
