import GraphIR
import Layers
import Testing
import TestSupport

/// Block summaries and graph summaries.
struct SummaryTests {
    @Test func rowsFollowGluonAndTotalsCountEachParameterOnce() throws {
        let net = try NameScope().enter {
            let net = HybridSequential(prefix: "net_")
            try net.core.withNameScope { net.add(try Dense(4, activation: .relu), try BatchNorm(), try Dense(2)) }
            return net
        }
        let summary = try net.summary(inputShapes: ["data": [3, 5]])
        #expect(summary.rows.map(\.layer) == ["Activation-1", "Dense-2", "BatchNorm-3", "Dense-4"])
        #expect(summary.rows.map(\.parameterCount) == [0, 24, 16, 10])
        #expect(summary.rows[1].outputShapes == [[3, 4]])
        #expect(summary.totalParameters == 50)
        #expect(summary.trainableParameters == 42)
        #expect(summary.nonTrainableParameters == 8)
        #expect(net.parameter(named: "net_dense0_weight")?.shape == [4, 0])
        let text = summary.description
        #expect(text.contains("net_dense0"))
        #expect(text.contains("Total params: 50"))
        #expect(!text.contains("<Symbol"))
    }

    @Test func graphSummaryOfTheImportedExample() throws {
        let graph = try Graph(contentsOfSymbolFile: Reference.url("seed/dssm_full-symbol.json"))
        let given = try #require(try Reference.json("seed/dssm_full.json")["shapes_for"] as? [String: [Int]])
        let summary = try GraphSummary(graph: graph, shapes: try graph.inferShapes(given.mapValues { Shape($0) }))
        #expect(summary.totalParameters == 33_195_468)
        // The graph cannot tell that the first BatchNorm's beta is frozen (Gluon's center=False).
        #expect(summary.nonTrainableParameters == 7_948 - 3)
        let lstm = try #require(summary.rows.first { $0.name == "dssmrecommendernetwork0_lstm0_rnn0" })
        #expect(lstm.parameterCount == 659_456)
        #expect(!summary.rows.contains { $0.op == "Reshape" || $0.op == "_zeros" || $0.op == "_rnn_param_concat" })
        #expect(summary.rows.reduce(0) { $0 + $1.parameterCount } == summary.totalParameters)
    }
}
