import GraphIR
import Passes
import Testing
import TestSupport

/// Elementwise trees as one kernel, and the LSTM's input transpose folded away.
struct ElementwiseAndLayoutTests {
    /// The cosine tail: `batch_dot / expand_dims(norm_a · norm_b + 1e-9)`, squeezed.
    @Test func theCosineTailRunsAsOneKernel() throws {
        let before = try graph { g in
            let (a, b, dot) = (g.variable("norm_a"), g.variable("norm_b"), g.variable("dot"))
            let product = g.apply(.elemwise(.mul), name: "mul", [a, b])
            let shifted = g.apply(.scalar(.plus, 1e-9), name: "plus", [product])
            let expanded = g.apply(.expandDims(axis: 2), name: "expand", [shifted])
            let quotient = g.apply(.elemwise(.div), name: "div", [dot, expanded])
            return [g.apply(.squeeze(axes: [2]), name: "squeeze", [quotient])]
        }
        let program = ElementwiseProgram(steps: [
            .init(op: .elemwise(.mul), operands: [.input(0), .input(1)]),
            .init(op: .scalar(.plus, 1e-9), operands: [.step(0)]),
            .init(op: .expandDims(axis: 2), operands: [.step(1)]),
            .init(op: .elemwise(.div), operands: [.input(2), .step(2)]),
            .init(op: .squeeze(axes: [2]), operands: [.step(3)]),
        ])
        let expected = try graph { g in
            let inputs = ["norm_a", "norm_b", "dot"].map { g.variable($0) }
            return [g.apply(.fused(.elementwise(program)), name: "squeeze", inputs)]
        }
        let inputs = ["norm_a": recipe("norm_a", [3, 1]), "norm_b": recipe("norm_b", [3, 1]), "dot": recipe("dot", [3, 1, 1])]
        let report = try expectRewrite(FuseElementwise(), before, expected, inputs: inputs)
        #expect(report.rewrites.map(\.nodes) == [["mul", "plus", "expand", "div", "squeeze"]])
        let (after, _) = try FuseElementwise().apply(to: before)
        #expect(try evaluate(after, inputs) == evaluate(before, inputs))
        #expect(try after.inferShapes(inputs.mapValues(\.shape))[Entry(node: 3)] == Shape([3, 1]))
    }

    @Test func aSharedIntermediateEndsATree() throws {
        let before = try graph { g in
            let e = g.apply(.unary(.exp), name: "e", [g.variable("x")])
            let shifted = g.apply(.scalar(.plus, 1), name: "plus", [e])
            let scaled = g.apply(.scalar(.mul, 2), name: "mul", [shifted])
            return [g.apply(.elemwise(.add), name: "add", [scaled, shifted])]
        }
        let (after, report) = try FuseElementwise().apply(to: before)
        #expect(after.opNames == ["_fused_elemwise", "_fused_elemwise"])
        #expect(report.rewrites.map(\.nodes) == [["e", "plus"], ["mul", "add"]])
        let inputs = ["x": recipe("x", [4, 5])]
        #expect(try evaluate(after, inputs) == evaluate(before, inputs))
    }

    @Test func aLoneElementwiseOpIsReportedNotFused() throws {
        let before = try graph { g in
            let pooled = g.apply(.pooling(Pooling(kernel: [1, 1], kind: .avg, globalPool: true)), name: "pool", [g.variable("x")])
            return [g.apply(.scalar(.mul, 2), name: "double", [pooled])]
        }
        let report = try expectRewrite(FuseElementwise(), before, before, inputs: ["x": recipe("x", [1, 2, 3, 3])])
        #expect(report.refusals.map(\.candidate) == ["double"])
    }

    private static let lstm = RNN(stateSize: 3, numLayers: 2, bidirectional: true, stateOutputs: true)

    /// Batch-major data, `transpose(1, 0, 2)`, a two-layer bidirectional LSTM.
    private func transposedLSTM(axes: [Int] = [1, 0, 2]) throws -> Graph {
        try graph { g in
            let data = g.apply(.transpose(axes: axes), name: "transpose", [g.variable("data")])
            let states = [g.variable("h0"), g.variable("c0")]
            g.values = ["params": recipe("params", [Self.lstm.packedParameterCount(inputSize: 5) ?? 0]),
                        "h0": recipe("h0", [4, 2, 3]), "c0": recipe("c0", [4, 2, 3])]
            let rnn = g.apply(.rnn(Self.lstm), name: "rnn", [data, g.variable("params")] + states)
            return [rnn, rnn[output: 1], rnn[output: 2]]
        }
    }

    @Test func theLSTMReadsBatchMajorData() throws {
        let expected = try graph { g in
            let data = g.variable("data")
            let states = [g.variable("h0"), g.variable("c0")]
            g.values = ["params": recipe("params", [Self.lstm.packedParameterCount(inputSize: 5) ?? 0]),
                        "h0": recipe("h0", [4, 2, 3]), "c0": recipe("c0", [4, 2, 3])]
            let rnn = g.apply(.fused(.batchMajorRNN(Self.lstm)), name: "rnn", [data, g.variable("params")] + states)
            return [rnn, rnn[output: 1], rnn[output: 2]]
        }
        try expectRewrite(FoldTransposes(), try transposedLSTM(), expected, inputs: ["data": recipe("data", [2, 7, 5])])
    }

    @Test func otherTransposesStay() throws {
        let before = try transposedLSTM(axes: [0, 1, 2])
        let report = try expectRewrite(FoldTransposes(), before, before, inputs: ["data": recipe("data", [7, 2, 5])])
        #expect(report.refusals.map(\.reason) == ["transpose not folded: axes [0, 1, 2] are not the (1, 0, 2) swap of batch and time"])
        let alone = try graph { g in [g.apply(.transpose(axes: [1, 0]), name: "t", [g.variable("x")])] }
        let (_, refused) = try FoldTransposes().apply(to: alone)
        #expect(refused.refusals.map(\.reason) == ["transpose not folded: it feeds a graph output"])
    }
}
