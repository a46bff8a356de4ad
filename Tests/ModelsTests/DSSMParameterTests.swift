import GraphIR
import Layers
import Models
import Testing
import TestSupport

/// Initialising the DSSM, loading the reference weights, and its towers.
struct DSSMParameterTests {
    private static let smallShapes: [String: Shape] = ["user": [3, 1], "query_text": [3, 7], "title": [3, 5],
                                                       "image": [3, 3, 32, 32]]

    @Test func xavierInitialisationBindsEveryParameter() throws {
        let network = try DSSMTracingTests.small()
        try network.initialize(Xavier(), seed: 1)
        let graph = try network.graph(inputShapes: DSSMParameterTests.smallShapes)
        #expect(Set(graph.inputNames) == ["user", "query_text", "title", "image"])
        #expect(graph.values.count == network.collectParameters().count)
        #expect(graph.values["dssmrecommendernetwork0_lstm0_l0_i2h_weight"]?.shape == [24, 8])
        #expect(graph.values["dssmrecommendernetwork0_resnetv20_batchnorm0_gamma"]?.scalars == [1, 1, 1])
        let again = try DSSMTracingTests.small()
        try again.initialize(Xavier(), seed: 1)
        #expect(try again.graph(inputShapes: DSSMParameterTests.smallShapes).values == graph.values)
    }

    @Test func referenceWeightsLoadByName() throws {
        let network = try DSSMTracingTests.small()
        let reference = try Reference.json("seed/dssm_small.json")
        let arguments = try #require(reference["arg_shapes"] as? [String: [Int]])
        let auxiliary = try #require(reference["aux_shapes"] as? [String: [Int]])
        for (name, dims) in arguments.merging(auxiliary, uniquingKeysWith: { first, _ in first }) {
            try network.setParameter(name, recipeTensor(name: name, shape: Shape(dims)))
        }
        let graph = try network.graph(inputShapes: DSSMParameterTests.smallShapes)
        #expect(graph.values.count == arguments.count + auxiliary.count)
        #expect(network.collectParameters().allSatisfy { $0.value != nil })
    }

    @Test func towersCompileAlone() throws {
        let network = try DSSMRecommenderNetwork()
        let query = try network.graph(outputs: [.queryEmbedding], inputShapes: ["user": [2, 1], "query_text": [2, 5]])
        #expect(Set(query.inputNames.filter { !$0.hasPrefix("dssm") }) == ["user", "query_text"])
        #expect(query.nodes.count < 100)
        #expect(query.nodes[query.outputs[0].node].name == "dssmrecommendernetwork0_dense2_relu_fwd")
        let item = try network.graph(outputs: [.itemEmbedding], inputShapes: ["title": [2, 5], "image": [2, 3, 32, 32]])
        #expect(Set(item.inputNames.filter { !$0.hasPrefix("dssm") }) == ["title", "image"])
        #expect(item.nodes[item.outputs[0].node].name == "dssmrecommendernetwork0_dense5_relu_fwd")
        let shapes = try item.inferShapes(["title": [2, 5], "image": [2, 3, 32, 32]])
        #expect(shapes[item.outputs[0]] == [2, 128])
        let trace = try network.trace()
        #expect(trace.outputs(of: network.queryMLP).map { trace.graph.nodes[$0.node].name }
                == ["dssmrecommendernetwork0_dense2_relu_fwd"])
    }

    @Test func invalidSizesAreErrors() {
        #expect(throws: LayerError.self) { try DSSMRecommenderNetwork(hiddenUnits: 0) }
        #expect(throws: LayerError.self) { try DSSMRecommenderNetwork(dropout: 1.5) }
        #expect(throws: LayerError.self) { try DSSMRecommenderNetwork()([]) }
    }
}
