import GraphIR
import Passes
import Testing
import TestSupport

/// BatchNorm + activation, FullyConnected + activation, Convolution + residual add + activation.
struct EpilogueTests {
    private static let statistics = ["bn_gamma", "bn_beta", "bn_running_mean", "bn_running_var"]

    /// Binds recipe values of these shapes to the variables.
    private static func bind(_ g: GraphBuilder, _ shapes: [String: [Int]]) {
        for (name, dims) in shapes { g.values[name] = recipe(name, dims) }
    }

    @Test func batchNormAndReluRunAsOneKernel() throws {
        let norm = BatchNorm(eps: 1e-5, fixGamma: false)
        let before = try graph { g in
            let bn = g.apply(.batchNorm(norm), name: "bn", [g.variable("x")] + Self.statistics.map { g.variable($0) })
            Self.bind(g, Dictionary(uniqueKeysWithValues: Self.statistics.map { ($0, [3]) }))
            return [g.apply(.activation(.relu), name: "relu", [bn])]
        }
        let expected = try graph { g in
            let inputs = [g.variable("x")] + Self.statistics.map { g.variable($0) }
            Self.bind(g, Dictionary(uniqueKeysWithValues: Self.statistics.map { ($0, [3]) }))
            return [g.apply(.fused(.batchNorm(norm, .relu)), name: "relu", inputs)]
        }
        let report = try expectRewrite(FuseBatchNormActivation(), before, expected, inputs: ["x": recipe("x", [2, 3, 4, 4])])
        #expect(report.rewrites.map(\.nodes) == [["bn", "relu"]])
        #expect(expected.nodes.last?.op.mxnetName == "_fused_BatchNorm_relu")
    }

    @Test func batchNormFeedingAConvolutionStaysAlone() throws {
        let before = try graph { g in
            let bn = g.apply(.batchNorm(BatchNorm()), name: "bn", [g.variable("x")] + Self.statistics.map { g.variable($0) })
            Self.bind(g, Dictionary(uniqueKeysWithValues: Self.statistics.map { ($0, [3]) }))
            g.values["w"] = recipe("w", [2, 3, 1, 1])
            return [g.apply(.convolution(GraphIR.Convolution(kernel: [1, 1], numFilter: 2, noBias: true)), name: "conv", [bn, g.variable("w")])]
        }
        let report = try expectRewrite(FuseBatchNormActivation(), before, before, inputs: ["x": recipe("x", [1, 3, 2, 2])])
        #expect(report.refusals.map(\.reason) == ["BatchNorm not fused with an activation: its output feeds a Convolution ('conv')"])
    }

    @Test func denseTakesItsActivation() throws {
        let dense = FullyConnected(numHidden: 4)
        let before = try graph { g in
            let fc = g.apply(.fullyConnected(dense), name: "fc", [g.variable("x"), g.variable("w"), g.variable("b")])
            Self.bind(g, ["w": [4, 3], "b": [4]])
            return [g.apply(.activation(.tanh), name: "act", [fc])]
        }
        let expected = try graph { g in
            let inputs = [g.variable("x"), g.variable("w"), g.variable("b")]
            Self.bind(g, ["w": [4, 3], "b": [4]])
            return [g.apply(.fused(.fullyConnected(dense, .tanh)), name: "act", inputs)]
        }
        try expectRewrite(FuseEpilogues(), before, expected, inputs: ["x": recipe("x", [2, 3])])
    }

    @Test func denseFeedingTwoNodesKeepsItsActivationApart() throws {
        let before = try graph { g in
            let fc = g.apply(.fullyConnected(FullyConnected(numHidden: 4)), name: "fc", [g.variable("x"), g.variable("w"), g.variable("b")])
            Self.bind(g, ["w": [4, 3], "b": [4]])
            return [g.apply(.activation(.relu), name: "act", [fc]), fc]
        }
        let report = try expectRewrite(FuseEpilogues(), before, before, inputs: ["x": recipe("x", [2, 3])])
        #expect(report.refusals.map(\.reason) == ["relu not fused: its input also feeds a graph output"])
    }

    /// A grouped convolution, a residual add of the output's full shape and a relu: one kernel
    /// that gives the same numbers as the three ops.
    @Test func groupedConvolutionWithResidualAndRelu() throws {
        let conv = GraphIR.Convolution(kernel: [3, 3], pad: [1, 1], numFilter: 6, numGroup: 2)
        let before = try graph { g in
            let c = g.apply(.convolution(conv), name: "conv", [g.variable("x"), g.variable("w"), g.variable("b")])
            let sum = g.apply(.elemwise(.add), name: "plus", [g.variable("shortcut"), c])
            Self.bind(g, ["w": [6, 2, 3, 3], "b": [6]])
            return [g.apply(.activation(.relu), name: "relu", [sum])]
        }
        let expected = try graph { g in
            let x = g.variable("x"), w = g.variable("w"), b = g.variable("b")
            Self.bind(g, ["w": [6, 2, 3, 3], "b": [6]])
            let epilogue = ConvolutionEpilogue(residual: true, activation: .relu)
            return [g.apply(.fused(.convolution(conv, epilogue)), name: "relu", [x, w, b, g.variable("shortcut")])]
        }
        let inputs = ["x": recipe("x", [2, 4, 5, 5]), "shortcut": recipe("shortcut", [2, 6, 5, 5])]
        let report = try expectRewrite(FuseEpilogues(), before, expected, inputs: inputs)
        #expect(report.rewrites.map(\.nodes) == [["conv", "plus"], ["plus", "relu"]])
        #expect(expected.nodes.last?.op.mxnetName == "_fused_Convolution_add_relu")
    }

    @Test func anAddOfNoConvolutionIsRefused() throws {
        let before = try graph { g in
            [g.apply(.elemwise(.add), name: "plus", [g.variable("x"), g.apply(.unary(.exp), name: "e", [g.variable("y")])])]
        }
        let report = try expectRewrite(FuseEpilogues(), before, before, inputs: ["x": recipe("x", [2, 3]), "y": recipe("y", [2, 3])])
        #expect(report.refusals.map(\.reason) == ["add not fused: the input 'x' is not a convolution; an exp ('e') is not a convolution"])
    }
}
