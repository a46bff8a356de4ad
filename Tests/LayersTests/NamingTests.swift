import GraphIR
import Layers
import Testing
import TestSupport

/// Block, parameter and op node names follow Gluon 1.x.
struct NamingTests {
    @Test func denseCalledTwiceSharesItsParametersAndNamesEachNodeOnce() throws {
        let dense = try NameScope().enter { try Dense(5) }
        let builder = GraphBuilder()
        let first = dense(builder.variable("x"))
        let second = dense(builder.variable("y"))
        let graph = try builder.graph(outputs: [first, second])
        let names = graph.nodes.map(\.name)
        #expect(names.filter { $0 == "dense0_weight" }.count == 1)
        #expect(names.filter { $0 == "dense0_bias" }.count == 1)
        #expect(Set(names).count == names.count)
        #expect(first.name == "dense0_fwd")
        #expect(second.name == "dense0_fwd_1")
        let fullyConnected = graph.nodes.filter { if case .fullyConnected = $0.op { true } else { false } }
        #expect(fullyConnected.count == 2)
        #expect(fullyConnected[0].inputs[1] == fullyConnected[1].inputs[1])
        #expect(fullyConnected[0].inputs[2] == fullyConnected[1].inputs[2])
    }

    @Test func childrenArePrefixedWithTheirParentAndCountedPerScope() throws {
        let net = try NameScope().enter { () throws -> HybridSequential in
            let net = HybridSequential()
            try net.core.withNameScope { net.add(try Dense(3, activation: .relu), try Dense(4), Flatten()) }
            return net
        }
        #expect(net.core.prefix == "hybridsequential0_")
        #expect(net.collectParameters().map(\.name) == [
            "hybridsequential0_dense0_weight", "hybridsequential0_dense0_bias",
            "hybridsequential0_dense1_weight", "hybridsequential0_dense1_bias",
        ])
        let graph = try net.graph()
        #expect(graph.nodes.filter { !$0.isVariable }.map(\.name) == [
            "hybridsequential0_dense0_fwd", "hybridsequential0_dense0_relu_fwd",
            "hybridsequential0_dense1_fwd", "hybridsequential0_flatten0_flatten0",
        ])
    }

    @Test func opsOutsideEveryBlockGetPlainCountedNames() throws {
        let builder = GraphBuilder()
        let x = builder.variable("x")
        let a = x.transposed()
        let b = a.transposed()
        let c = try a * b + 1e-9
        #expect([a.name, b.name, c.name] == ["transpose0", "transpose1", "_plusscalar0"])
    }

    @Test func tinyNetworkMatchesMXNetsExport() throws {
        let net = try NameScope().enter { () throws -> HybridSequential in
            let net = HybridSequential(prefix: "tiny_")
            try net.core.withNameScope {
                net.add(try Conv2D(4, kernelSize: 3, padding: 1), try BatchNorm(), Activation(.relu),
                        try MaxPool2D(poolSize: 2), Flatten(), try Dense(5))
            }
            return net
        }
        let reference = try Graph(contentsOfSymbolFile: Reference.url("interop/tiny-symbol.json"))
        try expectSameNodes(try net.graph(), reference)
    }

    @Test func standaloneLSTMMatchesMXNetsExport() throws {
        let object = try Reference.json("ops/lstm_2layer_bidirectional.json")
        let reference = try Graph(symbolJSON: try Reference.symbolData(ofCase: object))
        let lstm = try NameScope().enter { try LSTM(4, numLayers: 2, bidirectional: true, inputSize: 6) }
        try expectSameNodes(try lstm.graph(), reference)
    }

    @Test func emptyPrefixSharesTheParentsScope() throws {
        let stage = try NameScope().enter { () throws -> HybridSequential in
            let stage = HybridSequential(prefix: "stage1_")
            try stage.core.withNameScope {
                stage.add(try BasicBlockV2(channels: 8, stride: 2, downsample: true, inChannels: 4, prefix: ""),
                          try BasicBlockV2(channels: 8, stride: 1, inChannels: 8, prefix: ""))
            }
            return stage
        }
        let names = try stage.graph().nodes.map(\.name)
        #expect(names.contains("stage1_conv2_weight"))
        #expect(names.contains("stage1_conv4_fwd"))
        #expect(names.contains("stage1_activation3"))
        #expect(names.contains("stage1__plus1"))
        #expect(!names.contains { $0.contains("basicblockv2") })
    }
}

/// Expects `graph` to have exactly `reference`'s nodes (names, ops, inputs, hints) in order.
func expectSameNodes(_ graph: Graph, _ reference: Graph, sourceLocation: SourceLocation = #_sourceLocation) throws {
    #expect(graph.nodes.map(\.name) == reference.nodes.map(\.name), sourceLocation: sourceLocation)
    for (node, expected) in zip(graph.nodes, reference.nodes) where node != expected {
        Issue.record("\(node.name): \(node) differs from \(expected)", sourceLocation: sourceLocation)
    }
    #expect(graph.outputs == reference.outputs, sourceLocation: sourceLocation)
}
