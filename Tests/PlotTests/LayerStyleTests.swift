import GraphIR
import Plot
import Testing
import TestSupport

/// The layer style: clusters by name scope, folded LSTM plumbing, parameter counts.
struct LayerStyleTests {
    static let net = "dssmrecommendernetwork0_"

    /// Every Gluon layer of the example, by its scope.
    static let layers: [String] = {
        var layers = ["embedding0", "embedding1", "embedding2", "lstm0", "lstm1", "dropout0", "dropout1"]
        layers += (0...5).map { "dense\($0)" }
        let resnet = "resnetv20_"
        layers += ["batchnorm0", "conv0", "batchnorm1", "relu0", "pool0", "batchnorm2", "relu1", "pool1", "flatten0"].map { resnet + $0 }
        for stage in 1...4 {
            let convs = stage == 1 ? 4 : 5
            layers += (0..<convs).map { "\(resnet)stage\(stage)_conv\($0)" } + (0..<4).map { "\(resnet)stage\(stage)_batchnorm\($0)" }
        }
        return layers.map { net + $0 }
    }()

    private func exampleDrawing(groups: [LayerGroup] = []) throws -> (Graph, ParsedDOT) {
        let graph = try Example.graph()
        let shapes = try graph.inferShapes(try Example.plotShapes())
        return (graph, try ParsedDOT(layerStyleDOT(graph, shapes: shapes, groups: groups, title: "dssm")))
    }

    private func title(_ subgraph: ParsedSubgraph) -> String {
        String(subgraph.attributes["label", default: ""].split(separator: "\n").first ?? "")
    }

    @Test func eachLayerIsAClusterOfItsNodes() throws {
        let (_, dot) = try exampleDrawing()
        let clusters = dot.allSubgraphs.filter { $0.id?.hasPrefix("cluster") == true }
        let leaves = clusters.filter(\.children.isEmpty)
        #expect(Self.layers.count == 57)
        #expect(leaves.count == Self.layers.count)
        for layer in Self.layers {
            let members = dot.nodes.keys.filter { $0.hasPrefix(layer + "_") }.sorted()
            #expect(!members.isEmpty, "\(layer)")
            #expect(leaves.contains { $0.allNodeIDs.sorted() == members }, "no cluster holds exactly \(layer)")
        }
    }

    @Test func clustersNestByScope() throws {
        let (_, dot) = try exampleDrawing()
        let clusters = dot.root.children.filter { $0.id != "inputs" }
        let network = try #require(clusters.first)
        #expect(clusters.count == 1)
        #expect(title(network) == "dssmrecommendernetwork0")
        let resnet = try #require(network.children.first { title($0) == "resnetv20" })
        #expect(resnet.children.map(title).filter { $0.hasPrefix("stage") } == ["stage1", "stage2", "stage3", "stage4"])
        let stage1 = try #require(resnet.children.first { title($0) == "stage1" })
        #expect(Set(stage1.children.map(title)) == Set((0..<4).flatMap { ["conv\($0)", "batchnorm\($0)"] }))
        #expect(Set(stage1.nodeIDs) == Set((0..<4).map { "\(Self.net)resnetv20_stage1_activation\($0)" }
            + ["\(Self.net)resnetv20_stage1__plus0", "\(Self.net)resnetv20_stage1__plus1"]))
        let inputs = try #require(dot.root.children.first { $0.id == "inputs" })
        #expect(Set(inputs.nodeIDs) == ["user", "query_text", "title", "image"])
        #expect(inputs.attributes["rank"] == "source")
    }

    @Test func lstmPlumbingIsFoldedIntoTheRNN() throws {
        let (_, dot) = try exampleDrawing()
        let ids = dot.nodes.keys
        #expect(!ids.contains { $0.contains("reshape") || $0.contains("_h0_") || $0.contains("rnn_param_concat") })
        #expect(!ids.contains { $0.hasSuffix("_weight") || $0.hasSuffix("_bias") || $0.hasSuffix("_running_mean") })
        for lstm in ["lstm0", "lstm1"] {
            let cluster = try #require(dot.allSubgraphs.first { title($0) == lstm })
            #expect(cluster.allNodeIDs == [Self.net + lstm + "_rnn0"])
            #expect(cluster.attributes["label"]?.contains("659,456 params") == true, "\(cluster.attributes)")
        }
        let rnnInputs = dot.edges.filter { $0.to == Self.net + "lstm0_rnn0" }
        #expect(rnnInputs.map { [$0.from, $0.attributes["label"]] } == [[Self.net + "transpose0", "1x128"]])
    }

    @Test func countsAddUpToGluonsSummary() throws {
        let (_, dot) = try exampleDrawing()
        #expect(dot.graphAttributes["label"]?.contains("33,195,468 params") == true)
        #expect(dot.graphAttributes["rankdir"] == "TB")
        let conv0 = try #require(dot.allSubgraphs.first { $0.allNodeIDs == [Self.net + "resnetv20_conv0_fwd"] })
        #expect(conv0.attributes["label"] == "conv0\n9,408 params, 118.0M MACs")
        let query = try #require(dot.allSubgraphs.first { title($0) == "lstm0" })
        #expect(query.attributes["label"] == "lstm0\n659,456 params, 19.7M MACs")
    }

    @Test func edgesRunProducerToConsumerWithShapes() throws {
        let (_, dot) = try exampleDrawing()
        let labels = Dictionary(dot.edges.map { ([$0.from, $0.to], $0.attributes["label"]) }) { first, _ in first }
        #expect(labels[["image", Self.net + "resnetv20_batchnorm0_fwd"]] == "3x224x224")
        #expect(labels[[Self.net + "dense0_fwd", Self.net + "dense0_relu_fwd"]] == "128")
        #expect(labels[[Self.net + "lstm0_rnn0", Self.net + "mean0"]] == "1x256")
        #expect(labels[[Self.net + "dense0_relu_fwd", Self.net + "dense0_fwd"]] == nil)
        let unlabelled = try ParsedDOT(layerStyleDOT(try Example.graph(), shapes: nil))
        #expect(unlabelled.edges.allSatisfy { $0.attributes["label"] == nil })
        #expect(unlabelled.edges.count == dot.edges.count)
    }

    @Test func groupsWrapTheTowersInsideTheNetwork() throws {
        let query = LayerGroup(label: "query tower", layerPrefixes: ["embedding1", "transpose0", "lstm0", "mean0", "dense1"].map { Self.net + $0 })
        let item = LayerGroup(label: "item tower", layerPrefixes: ["embedding2_", "transpose1", "lstm1_", "mean1", "dense3", "resnetv20_", "dense4"].map { Self.net + $0 })
        let (_, dot) = try exampleDrawing(groups: [query, item])
        let network = try #require(dot.root.children.first { $0.id != "inputs" })
        let groups = network.children.filter { ["query tower", "item tower"].contains(title($0)) }
        #expect(groups.map(title) == ["query tower", "item tower"])
        #expect(Set(groups[0].children.map(title)) == ["embedding1", "lstm0", "dense1"])
        #expect(Set(groups[0].nodeIDs) == [Self.net + "transpose0", Self.net + "mean0"])
        #expect(groups[0].attributes["label"]?.hasPrefix("query tower\n") == true)
        #expect(Set(groups[1].children.map(title)) == ["embedding2", "lstm1", "dense3", "resnetv20", "dense4"])
        #expect(!network.children.contains { title($0) == "dense10" || title($0) == "lstm0" })
    }

    @Test func standaloneLSTMBlock() throws {
        let (graph, given) = try Example.opCase("lstm_2layer_bidirectional")
        let dot = try ParsedDOT(layerStyleDOT(graph, shapes: try graph.inferShapes(given)))
        #expect(Set(dot.nodes.keys) == ["data", "lstm0_rnn0"])
        let cluster = try #require(dot.root.children.first { $0.id != "inputs" })
        #expect(cluster.attributes["label"]?.hasPrefix("lstm0\n832 params") == true)
    }

    @Test func tinyInteropNetwork() throws {
        let graph = try Graph(contentsOfSymbolFile: Reference.url("interop/tiny-symbol.json"))
        let dot = try ParsedDOT(layerStyleDOT(graph, shapes: try graph.inferShapes(["data": [2, 3, 8, 8]])))
        let tiny = try #require(dot.root.children.first { $0.id != "inputs" })
        #expect(tiny.children.map(title) == ["conv0", "batchnorm0", "relu0", "pool0", "flatten0", "dense0"])
        // conv 4x3x3x3 + 4, batchnorm 4 x 4, dense 5x64 + 5
        #expect(tiny.attributes["label"]?.hasPrefix("tiny\n\(112 + 16 + 325) params") == true)
    }
}
