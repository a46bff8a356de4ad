import GraphIR
import Models
import Plot
import Testing

/// The optimized DSSM example draws like the plain one: fused ops named, coloured, costed and
/// clustered by the op they are built around.
struct FusedOpPlotTests {
    static let net = "dssmrecommendernetwork0_"

    /// Each fused node of the optimized example and its label, in both styles.
    static let labels: [String: String] = [
        "resnetv20_relu0_fwd": "Convolution\n7x7/2x2, 64\n+ relu",
        "resnetv20_stage1_activation1": "Convolution\n3x3/1x1, 64\n+ relu",
        "resnetv20_stage2__plus0": "Convolution\n3x3/1x1, 128\n+ add",
        "dense0_relu_fwd": "FullyConnected\n128\n+ relu",
        "resnetv20_stage1_activation0": "BatchNorm + relu",
        "lstm0_rnn0": "RNN lstm\n2 layers, bidirectional, 128\n(reads NTC)",
        "squeeze0": "elemwise: mul, +1e-09, div",
    ]

    /// The layer (innermost cluster) each fused node is drawn in, and the node its name comes from.
    static let layers: [String: String] = [
        "resnetv20_relu0_fwd": "resnetv20_conv0",
        "resnetv20_stage1__plus0": "resnetv20_stage1_conv1",
        "resnetv20_stage2_activation1": "resnetv20_stage2_conv0",
        "resnetv20_stage1_activation0": "resnetv20_stage1_batchnorm0",
        "resnetv20_relu1_fwd": "resnetv20_batchnorm2",
        "dense5_relu_fwd": "dense5",
        "lstm1_rnn0": "lstm1",
    ]

    private func leafClusters(_ dot: ParsedDOT) -> [String: ParsedSubgraph] {
        var out: [String: ParsedSubgraph] = [:]
        for cluster in dot.allSubgraphs where cluster.children.isEmpty && cluster.id?.hasPrefix("cluster") == true {
            for id in cluster.nodeIDs { out[id] = cluster }
        }
        return out
    }

    private func macs(_ cluster: ParsedSubgraph?) -> String? {
        cluster?.attributes["label"]?.split(separator: ", ").last.flatMap { $0.hasSuffix(" MACs") ? String($0) : nil }
    }

    @Test func labelsAndColoursInBothStyles() throws {
        let example = try OptimizedExample(.dssm)
        let mxnet = try ParsedDOT(mxnetStyleDOT(example.optimized, shapes: nil))
        let layers = try ParsedDOT(example.layerDOT(example.optimized))
        for (name, label) in Self.labels {
            #expect(mxnet.nodes[Self.net + name]?["label"] == label, "\(name)")
            #expect(layers.nodes[Self.net + name]?["label"] == label, "\(name)")
        }
        let colours = ["resnetv20_stage2__plus0": "#fb8072", "dense0_relu_fwd": "#fb8072",
                       "resnetv20_stage1_activation0": "#bebada", "lstm0_rnn0": "#fccde5", "squeeze0": "#fccde5"]
        for (name, colour) in colours {
            #expect(mxnet.nodes[Self.net + name]?["fillcolor"] == colour, "\(name)")
            #expect(layers.nodes[Self.net + name]?["fillcolor"] == colour, "\(name)")
        }
    }

    @Test func fusedNodesSitInTheirDominantOpsLayer() throws {
        let example = try OptimizedExample(.dssm)
        let clusters = leafClusters(try ParsedDOT(example.layerDOT(example.optimized)))
        for (name, layer) in Self.layers {
            #expect(clusters[Self.net + name]?.id?.hasSuffix("/" + Self.net + layer) == true, "\(name): \(clusters[Self.net + name]?.id ?? "none")")
        }
    }

    /// Every layer costs as many multiply-adds as before the passes; the LSTMs keep their parameter
    /// count (their zero begin state, folded to a constant, is not a parameter).
    @Test func multiplyAddsAreThoseOfThePlainGraph() throws {
        let example = try OptimizedExample(.dssm)
        let plain = try ParsedDOT(example.layerDOT(example.plain))
        let optimized = try ParsedDOT(example.layerDOT(example.optimized))
        let before = Dictionary(leafClusters(plain).values.compactMap { c in macs(c).map { (c.id ?? "", $0) } }) { a, _ in a }
        let after = Dictionary(leafClusters(optimized).values.compactMap { c in macs(c).map { (c.id ?? "", $0) } }) { a, _ in a }
        #expect(before.count == 28, "20 convolutions, 6 dense layers and 2 LSTMs")
        #expect(after == before)
        #expect(plain.graphAttributes["label"] == "plot\n33,195,468 params, 1.9G MACs")
        // Folding a BatchNorm into a convolution trades its 4 per-channel parameters for 1 bias.
        #expect(optimized.graphAttributes["label"] == "plot\n33,189,516 params, 1.9G MACs")
        for lstm in ["lstm0", "lstm1"] {
            let cluster = optimized.allSubgraphs.first { $0.allNodeIDs == [Self.net + lstm + "_rnn0"] }
            #expect(cluster?.attributes["label"] == "\(lstm)\n659,456 params, 19.7M MACs")
        }
    }

    @Test func elementwiseProgramsAreSummarisedWithoutViews() throws {
        let program = ElementwiseProgram(steps: [
            .init(op: .elemwise(.sub), operands: [.input(0), .input(1)]),
            .init(op: .reshape(shape: [-1], reverse: false), operands: [.step(0)]),
            .init(op: .scalar(.rdiv, 2), operands: [.step(1)]),
            .init(op: .unary(.relu), operands: [.step(2)]),
        ])
        let graph = Graph(nodes: [Node(name: "a", op: .variable), Node(name: "b", op: .variable),
                                  Node(name: "f", op: .fused(.elementwise(program)), inputs: [Entry(node: 0), Entry(node: 1)])],
                          outputs: [Entry(node: 2)])
        let dot = try ParsedDOT(layerStyleDOT(graph, shapes: nil))
        #expect(dot.nodes["f"]?["label"] == "elemwise: sub, 2/, relu")
    }
}
