import GraphIR
import Layers
import Testing
import TestSupport

/// Initialisation, deferred shapes and setting parameters by name.
struct ParameterTests {
    private func network() throws -> HybridSequential {
        try NameScope().enter {
            let net = HybridSequential(prefix: "net_")
            try net.core.withNameScope { net.add(try Dense(4, activation: .relu), try BatchNorm(), try Dense(2)) }
            return net
        }
    }

    @Test func deferredShapesAreInferredAndPendingInitialisationRuns() throws {
        let net = try network()
        try net.initialize(Xavier(), seed: 7)
        #expect(net.parameter(named: "net_dense0_weight")?.value == nil)
        #expect(net.parameter(named: "net_dense0_bias")?.value == Tensor(shape: [4], repeating: 0))
        let graph = try net.graph(inputShapes: ["data": [3, 5]])
        #expect(net.parameter(named: "net_dense0_weight")?.shape == [4, 5])
        #expect(graph.values.count == net.collectParameters().count)
        #expect(graph.values["net_batchnorm0_running_var"] == Tensor(shape: [4], repeating: 1))
        let weight = try #require(graph.values["net_dense0_weight"])
        let bound = try Xavier().scale(for: [4, 5])
        #expect(weight.scalars.allSatisfy { abs(Double($0)) <= bound })
        #expect(graph.nodes.first { $0.name == "net_dense0_weight" }?.hints["__shape__"] == "(4, 0)")
    }

    @Test func initialisationIsDeterministicAndIndependentOfOrder() throws {
        let first = try network(), second = try network()
        _ = try first.graph(inputShapes: ["data": [1, 5]])
        try first.initialize(Xavier(), seed: 3)
        try second.initialize(Xavier(), seed: 3)
        let graph = try second.graph(inputShapes: ["data": [1, 5]])
        #expect(first.parameter(named: "net_dense1_weight")?.value == graph.values["net_dense1_weight"])
        #expect(first.parameter(named: "net_dense0_weight")?.value == graph.values["net_dense0_weight"])
        try second.initialize(Xavier(), seed: 4, forceReinitialization: true)
        #expect(first.parameter(named: "net_dense0_weight")?.value != second.parameter(named: "net_dense0_weight")?.value)
    }

    @Test func parametersAreSetByNameAndShapesAreChecked() throws {
        let net = try network()
        let weight = recipeTensor(name: "net_dense0_weight", shape: [4, 5])
        try net.setParameter("net_dense0_weight", weight)
        #expect(net.parameter(named: "net_dense0_weight")?.shape == [4, 5])
        #expect(try net.graph().values["net_dense0_weight"] == weight)
        #expect(throws: LayerError.self) { try net.setParameter("net_dense0_weight", Tensor(shape: [5, 5])) }
        #expect(throws: LayerError.self) { try net.setParameter("nope", weight) }
        #expect(throws: (any Error).self) { try net.graph(inputShapes: ["data": [2, 6]]) }
    }

    @Test func gluonsTrainabilityRules() throws {
        let bn = try NameScope().enter { try BatchNorm(center: false, scale: false) }
        #expect(bn.collectParameters().map(\.isTrainable) == [false, false, false, false])
        #expect(bn.attributes.fixGamma)
        let lstm = try NameScope().enter { try LSTM(3, numLayers: 2, bidirectional: true) }
        #expect(lstm.collectParameters().count == 16)
        #expect(lstm.collectParameters().allSatisfy { $0.isTrainable })
    }

    @Test func invalidSizesAreErrorsNotCrashes() {
        #expect(throws: LayerError.self) { try Dense(0) }
        #expect(throws: LayerError.self) { try Dense(-3) }
        #expect(throws: LayerError.self) { try Layers.Embedding(10, Int.max) }
        #expect(throws: LayerError.self) { try LSTM(4, numLayers: 0) }
        #expect(throws: LayerError.self) { try Conv2D(6, kernelSize: 3, groups: 4) }
        #expect(throws: LayerError.self) { try Dropout(1) }
        #expect(throws: LayerError.self) { try MaxPool2D(poolSize: 0) }
        #expect(throws: LayerError.self) { try ResNetV2(layers: [2, 0], channels: [8, 8, 16]) }
        #expect(throws: LayerError.self) { try ResNetV2(layers: [2], channels: [8]) }
        #expect(throws: LayerError.self) { try Dense(3)([]) }
    }
}
