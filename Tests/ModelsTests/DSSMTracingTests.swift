import GraphIR
import Layers
import Models
import Testing
import TestSupport

/// The traced DSSM against the symbols MXNet 1.9.1 traced from the example.
struct DSSMTracingTests {
    /// The reference's small network.
    static func small() throws -> DSSMRecommenderNetwork {
        try DSSMRecommenderNetwork(queryVocabularySize: 40, projectionDim: 8, maxUser: 50,
                                   titleVocabularySize: 40, hiddenUnits: 6)
    }

    @Test(arguments: [("seed/dssm_full-symbol.json", false), ("seed/dssm_small-symbol.json", true)])
    func tracedGraphIsMXNetsSymbol(file: String, isSmall: Bool) throws {
        let network = try isSmall ? DSSMTracingTests.small() : DSSMRecommenderNetwork()
        let graph = try network.graph()
        let reference = try Graph(contentsOfSymbolFile: Reference.url(file))
        #expect(graph.nodes.count == 288)
        #expect(Set(graph.nodes.map(\.name)) == Set(reference.nodes.map(\.name)))
        #expect(graph.nodes.map(\.name) == reference.nodes.map(\.name))
        #expect(opCounts(graph) == opCounts(reference))
        for (node, expected) in zip(graph.nodes, reference.nodes) where node != expected {
            Issue.record("\(node.name): \(node) differs from \(expected)")
        }
        #expect(graph.outputs == reference.outputs)
    }

    @Test func inferredShapesAreMXNets() throws {
        let reference = try Reference.json("seed/dssm_full.json")
        let given = try #require(reference["shapes_for"] as? [String: [Int]])
        let expected = try #require(reference["node_shapes"] as? [String: [Int]])
        let graph = try DSSMRecommenderNetwork().graph()
        let shapes = try graph.inferShapes(given.mapValues { Shape($0) })
        var found: [String: [Int]] = [:]
        for entry in graph.allEntries { found[graph.outputName(entry)] = shapes[entry]?.dims }
        #expect(expected.count == 292)
        #expect(found == expected)
    }

    @Test func parameterShapesAfterInferenceAreMXNets() throws {
        let reference = try Reference.json("seed/dssm_full.json")
        let given = try #require(reference["shapes_for"] as? [String: [Int]])
        let arguments = try #require(reference["arg_shapes"] as? [String: [Int]])
        let auxiliary = try #require(reference["aux_shapes"] as? [String: [Int]])
        let network = try DSSMRecommenderNetwork()
        let graph = try network.graph(inputShapes: given.mapValues { Shape($0) })
        let parameters = network.collectParameters()
        let aux = graph.auxiliaryNames
        #expect(Dictionary(uniqueKeysWithValues: parameters.filter { !aux.contains($0.name) }.map { ($0.name, $0.shape.dims) })
                == arguments)
        #expect(Dictionary(uniqueKeysWithValues: parameters.filter { aux.contains($0.name) }.map { ($0.name, $0.shape.dims) })
                == auxiliary)
    }

    @Test func summaryTotalsAreGluons() throws {
        let reference = try Reference.json("seed/dssm_full.json")
        let given = try #require(reference["shapes_for"] as? [String: [Int]])
        let network = try DSSMRecommenderNetwork()
        let summary = try network.summary(inputShapes: given.mapValues { Shape($0) })
        #expect(summary.totalParameters == 33_195_468)
        #expect(summary.trainableParameters == 33_187_520)
        #expect(summary.nonTrainableParameters == 7_948)
        let lstmRows = summary.rows.filter { $0.layer.hasPrefix("LSTM-") }
        #expect(lstmRows.map(\.parameterCount) == [659_456, 659_456])
        #expect(lstmRows.map(\.outputShapes) == [[[30, 1, 256]], [[30, 1, 256]]])
        #expect(summary.rows.last?.name == "dssmrecommendernetwork0")
        #expect(summary.rows.last?.outputShapes == [[1, 1]])
        #expect(!summary.rows.contains { $0.layer.hasPrefix("HybridSequential") })
        #expect(summary.rows.contains { $0.layer.hasPrefix("BasicBlockV2") })
        #expect(network.parameter(named: "dssmrecommendernetwork0_dense0_weight")?.isDeferred == true)
    }

    private func opCounts(_ graph: Graph) -> [String: Int] {
        graph.nodes.reduce(into: [:]) { $0[$1.op.mxnetName, default: 0] += 1 }
    }
}
