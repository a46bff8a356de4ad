import GraphIR
import Passes
import Testing
import TestSupport

/// Parameter plumbing and `_zeros` states become bound constants.
struct FoldConstantsTests {
    @Test func reshapedAndConcatenatedParametersBecomeOneVariable() throws {
        let (w1, w2) = (recipe("w1", [2, 2]), recipe("w2", [2, 2]))
        let before = try graph { g in
            let parts = [("r1", "w1"), ("r2", "w2")].map { g.apply(.reshape(shape: [-1], reverse: false), name: $0.0, [g.variable($0.1)]) }
            let packed = g.apply(.rnnParamConcat(dim: 0), name: "cat", parts)
            let weight = g.apply(.reshape(shape: [-4, 2, -1], reverse: false), name: "back", [packed])
            g.values = ["w1": w1, "w2": w2]
            return [g.apply(.fullyConnected(FullyConnected(numHidden: 2, noBias: true)), name: "fc", [g.variable("x"), weight])]
        }
        // The folded variable takes the slot of the node it replaces, before the input `x`.
        let packed = try tensor([2, 4], w1.scalars + w2.scalars)
        let expected = try graph { g in
            let weight = g.variable("back")
            g.values["back"] = packed
            return [g.apply(.fullyConnected(FullyConnected(numHidden: 2, noBias: true)), name: "fc", [g.variable("x"), weight])]
        }
        let report = try expectRewrite(FoldConstants(), before, expected, inputs: ["x": recipe("x", [3, 4])])
        let (after, _) = try FoldConstants().apply(to: before)
        #expect(after.values["back"] == packed)
        #expect(report.rewrites.map(\.nodes) == [["w1", "r1", "w2", "r2", "cat", "back"]])
    }

    @Test func zerosBecomeAConstantOnceTheInputShapesAreKnown() throws {
        let before = try graph { g in [g.apply(.elemwise(.add), name: "sum", [g.variable("x"), g.apply(.zeros(shape: [0, 3]), name: "z", [])])] }
        let expected = try graph { g in
            g.values["z"] = Tensor(shape: Shape([2, 3]))
            return [g.apply(.elemwise(.add), name: "sum", [g.variable("x"), g.variable("z")])]
        }
        try expectRewrite(FoldConstants(), before, expected, inputs: ["x": recipe("x", [2, 3])])
        let (after, report) = try FoldConstants().apply(to: before, inputShapes: ["x": Shape([2, 3])])
        #expect(after.values["z"] == Tensor(shape: Shape([2, 3])))
        let (unchanged, unshaped) = try FoldConstants().apply(to: before)
        #expect(unchanged == before)
        #expect(unshaped.refusals.map(\.reason) == ["its shape is unknown until the input shapes are given"])
        #expect(report.refusals.isEmpty)
    }

    @Test func arithmeticOnConstantsIsLeftToTheCompiler() throws {
        let before = try graph { g in
            let scaled = g.apply(.unary(.exp), name: "e", [g.variable("w")])
            g.values = ["w": recipe("w", [2, 3])]
            return [g.apply(.elemwise(.add), name: "sum", [g.variable("x"), scaled])]
        }
        let report = try expectRewrite(FoldConstants(), before, before, inputs: ["x": recipe("x", [2, 3])])
        #expect(report.refusals.map(\.candidate) == ["e"])
        #expect(report.refusals.first?.reason.contains("compile time") == true)
    }

    @Test func theLSTMsParameterPlumbingFoldsToOnePackedParameter() throws {
        let reference = try ReferenceCase.op("lstm_2layer_bidirectional")
        var bound = reference.graph
        for (name, value) in reference.inputs where name != "data" { bound.values[name] = value }
        let inputs = ["data": try #require(reference.inputs["data"])]
        let (after, report) = try FoldConstants().apply(to: bound, inputShapes: inputs.mapValues(\.shape))
        #expect(after.opNames == ["RNN"])
        let rnn = try #require(after.nodes.last)
        let packed = after.nodes[rnn.inputs[1].node]
        #expect(packed.isVariable && after.values[packed.name]?.shape == Shape([RNN(stateSize: 4, numLayers: 2, bidirectional: true).packedParameterCount(inputSize: 6) ?? 0]))
        #expect(report.rewrites.count == 3)
        let outputs = try evaluate(after, inputs)
        #expect(maxRelativeError(outputs[0], reference.outputs[0]) <= 1e-4)
        #expect(outputs == (try evaluate(bound, inputs)))
    }
}
