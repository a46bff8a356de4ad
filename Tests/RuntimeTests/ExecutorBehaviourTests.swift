import Foundation
import GraphIR
import Runtime
import Testing
import TestSupport

/// The executor's contract: clear errors for bad feeds, views without copies, a planned arena.
struct ExecutorBehaviourTests {
    /// x -> Embedding(input_dim 10, output_dim 4) -> sum(axis 1).
    private func embeddingGraph() throws -> Graph {
        let builder = GraphBuilder()
        let ids = builder.variable("ids")
        let weight = builder.variable("w")
        let embedded = builder.apply(.embedding(Embedding(inputDim: 10, outputDim: 4)), name: "embed", [ids, weight])
        let summed = builder.apply(.reduce(Reduce(kind: .sum, axes: [1])), name: "sum0", [embedded])
        builder.values["w"] = try Tensor(shape: [10, 4], scalars: (0..<40).map(Float.init))
        return try builder.graph(outputs: [summed])
    }

    @Test func badFeedsAreErrorsThatNameTheInput() throws {
        let executable = try compile(try embeddingGraph(), inputShapes: ["ids": [2, 3]])
        let good = try Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
        #expect(throws: RuntimeError.missingInput(name: "ids", expected: [2, 3])) { try executable.run([:]) }
        #expect(throws: RuntimeError.unknownInput(name: "idz", known: ["ids"])) { try executable.run(["ids": good, "idz": good]) }
        #expect(throws: RuntimeError.inputShape(name: "ids", expected: [2, 3], found: [3, 2])) {
            try executable.run(["ids": try good.reshaped([3, 2])])
        }
        let outOfRange = try Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 10])
        do {
            _ = try executable.run(["ids": outOfRange])
            Issue.record("an out-of-range id must be an error")
        } catch {
            let text = "\(error)"
            #expect(text.contains("embed") && text.contains("ids") && text.contains("10"), "\(text)")
        }
        let fractional = try Tensor(shape: [2, 3], scalars: [1, 2, 3.5, 4, 5, 6])
        #expect(throws: RuntimeError.self) { try executable.run(["ids": fractional]) }
    }

    @Test func clippingIsAnExplicitOption() throws {
        let executable = try compile(try embeddingGraph(), inputShapes: ["ids": [1, 1]],
                                     options: CompileOptions(clipEmbeddingIndices: true))
        let out = try executable.runOrdered(["ids": try Tensor(shape: [1, 1], scalars: [12])])
        #expect(out[0].scalars == [36, 37, 38, 39])
    }

    @Test func missingParameterIsAnError() throws {
        var graph = try embeddingGraph()
        graph.values = [:]
        #expect(throws: RuntimeError.missingParameter(name: "w", shape: [10, 4])) { try compile(graph, inputShapes: ["ids": [1, 1]]) }
    }

    /// fix_gamma=True ignores the stored gamma [0.5, 3.0]: x = [3, 5] gives about [1.1, 0.8].
    @Test func batchNormWithFixedGammaIgnoresStoredGamma() throws {
        let builder = GraphBuilder()
        let names = ["x", "gamma", "beta", "mean", "var"]
        let vars = names.map { builder.variable($0) }
        let bn = builder.apply(.batchNorm(BatchNorm(eps: 1e-5, fixGamma: true)), name: "bn", vars)
        let values: [String: [Float]] = ["gamma": [0.5, 3.0], "beta": [0.1, -0.2], "mean": [1, 2], "var": [4, 9]]
        for (name, scalars) in values { builder.values[name] = try Tensor(shape: [2], scalars: scalars) }
        let executable = try compile(try builder.graph(outputs: [bn]), inputShapes: ["x": [1, 2, 1, 1]])
        let out = try executable.runOrdered(["x": try Tensor(shape: [1, 2, 1, 1], scalars: [3, 5])])
        #expect(abs(out[0].scalars[0] - (2 / Float(4.00001).squareRoot() + 0.1)) < 1e-6)
        #expect(abs(out[0].scalars[1] - (3 / Float(9.00001).squareRoot() - 0.2)) < 1e-6)
    }

    /// A global average pool of a 5x5 map of ones with stray pad and stride attributes gives 1.
    @Test func globalPoolingIgnoresStrayAttributes() throws {
        let builder = GraphBuilder()
        let x = builder.variable("x")
        let pool = builder.apply(.pooling(Pooling(kernel: [3, 3], kind: .avg, globalPool: true, stride: [2, 2], pad: [1, 1])), name: "pool", [x])
        let executable = try compile(try builder.graph(outputs: [pool]), inputShapes: ["x": [1, 1, 5, 5]])
        let out = try executable.runOrdered(["x": Tensor(shape: [1, 1, 5, 5], repeating: 1)])
        #expect(out[0].scalars == [1])
    }

    /// The example at batch 32: the arena is under half of all intermediate tensors together,
    /// and the LSTM plumbing (which depends on parameters alone) is folded at compile time.
    @Test func exampleArenaReusesMemory() throws {
        let graph = try Graph(contentsOfSymbolFile: Reference.url("seed/dssm_full-symbol.json"))
        var bound = graph
        let shapes: [String: Shape] = ["user": [32, 1], "query_text": [32, 30], "title": [32, 30], "image": [32, 3, 224, 224]]
        let inferred = try graph.inferShapes(shapes)
        for i in graph.variableIndices where shapes[graph.nodes[i].name] == nil {
            bound.values[graph.nodes[i].name] = Tensor(shape: inferred[node: i] ?? [1])
        }
        let executable = try compile(bound, inputShapes: shapes)
        #expect(executable.arenaBytes * 2 < executable.unplannedBytes, "\(executable.arenaBytes) vs \(executable.unplannedBytes)")
        #expect(!graph.nodes.contains { $0.op.mxnetName == "RNN" } || executable.stepCount < graph.nodes.count - 147 - 32)
    }

    /// Only what the asked-for outputs need is compiled, and only their inputs are required.
    @Test func compilingPartOfAGraphByOutput() throws {
        let (reference, _) = try ReferenceCase.network("dssm_small")
        let name = "dssmrecommendernetwork0_dense2_relu_fwd_output"
        let executable = try compile(reference.graph, inputShapes: ["user": [3, 1], "query_text": [3, 7]],
                                     options: CompileOptions(outputs: [name]))
        #expect(Set(executable.inputs.map(\.name)) == ["user", "query_text"])
        let out = try executable.run(reference.inputs)
        #expect(out[name]?.shape == [3, 6])
        #expect(throws: RuntimeError.self) { try compile(reference.graph, inputShapes: [:], options: CompileOptions(outputs: ["nope"])) }
    }

    /// `softmax(temperature=2)` is softmax(x / 2), as MXNet documents it.
    @Test func softmaxHonoursTheTemperature() throws {
        let text = #"{"nodes": [{"op": "null", "name": "x", "inputs": []}, {"op": "softmax", "name": "s", "attrs": {"temperature": "2.0"}, "inputs": [[0, 0, 0]]}], "heads": [[1, 0, 0]]}"#
        let graph = try Graph(symbolJSON: Data(text.utf8))
        let x: [Float] = [1, 2, 4]
        let out = try compile(graph, inputShapes: ["x": [1, 3]]).runOrdered(["x": try Tensor(shape: [1, 3], scalars: x)])[0]
        let exps = x.map { Foundation.exp($0 / 2) }
        let total = exps.reduce(0, +)
        for (value, e) in zip(out.scalars, exps) { #expect(abs(value - e / total) < 1e-6) }
    }
}
