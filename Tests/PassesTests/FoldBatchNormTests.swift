import GraphIR
import Passes
import Testing
import TestSupport

/// BatchNorm folded into the convolution before it, and the cases where it must not be.
struct FoldBatchNormTests {
    private static let oneByOne = GraphIR.Convolution(kernel: [1, 1], numFilter: 1)

    /// x=1 through a 1×1 convolution (weight 2, bias 1), then BatchNorm (gamma 1.5, beta 0.5,
    /// mean 0, var 1, eps 0): 5.0. A fold that forgets to scale the bias gives another number.
    private func convolutionWithBias(fixGamma: Bool) throws -> Graph {
        try graph { g in
            let conv = g.apply(.convolution(Self.oneByOne), name: "conv", [g.variable("x"), g.variable("w"), g.variable("b")])
            let norm = g.apply(.batchNorm(BatchNorm(eps: 0, fixGamma: fixGamma)), name: "bn",
                               [conv] + ["gamma", "beta", "mean", "var"].map { g.variable($0) })
            g.values = ["w": try tensor([1, 1, 1, 1], [2]), "b": try tensor([1], [1]), "gamma": try tensor([1], [1.5]),
                        "beta": try tensor([1], [0.5]), "mean": try tensor([1], [0]), "var": try tensor([1], [1])]
            return [norm]
        }
    }

    private func folded(weight: Float, bias: Float) throws -> Graph {
        try graph { g in
            var withBias = Self.oneByOne
            withBias.noBias = false
            let input = g.variable("x")
            let conv = g.apply(.convolution(withBias), name: "conv", [input, g.variable("conv_folded_weight"), g.variable("conv_folded_bias")])
            g.values = ["conv_folded_weight": try tensor([1, 1, 1, 1], [weight]), "conv_folded_bias": try tensor([1], [bias])]
            return [conv]
        }
    }

    @Test func theBiasIsScaledToo() throws {
        let x = try tensor([1, 1, 1, 1], [1])
        let before = try convolutionWithBias(fixGamma: false)
        #expect(try evaluate(before, ["x": x]) == [try tensor([1, 1, 1, 1], [5])])
        let report = try expectRewrite(FoldBatchNorm(), before, try folded(weight: 3, bias: 2), inputs: ["x": x])
        let (after, _) = try FoldBatchNorm().apply(to: before)
        #expect(after == (try folded(weight: 3, bias: 2)))
        #expect(try evaluate(after, ["x": x]) == [try tensor([1, 1, 1, 1], [5])])
        #expect(report.rewrites.map(\.nodes) == [["conv", "bn"]])
    }

    @Test func fixGammaTakesGammaAsOne() throws {
        let x = try tensor([1, 1, 1, 1], [1])
        let (after, report) = try FoldBatchNorm().apply(to: try convolutionWithBias(fixGamma: true))
        #expect(after == (try folded(weight: 2, bias: 1.5)))
        #expect(try evaluate(after, ["x": x]) == [try tensor([1, 1, 1, 1], [3.5])])
        #expect(report.rewrites.first?.detail.contains("fix_gamma") == true)
    }

    /// A 3×3 convolution over several channels with recipe statistics, folded.
    @Test func aRealConvolutionFoldsWithinTolerance() throws {
        let before = try graph { g in
            let conv = g.apply(.convolution(GraphIR.Convolution(kernel: [3, 3], pad: [1, 1], numFilter: 4, noBias: true)),
                               name: "conv", [g.variable("x"), g.variable("w")])
            let names = ["bn_gamma", "bn_beta", "bn_running_mean", "bn_running_var"]
            g.values = Dictionary(uniqueKeysWithValues: names.map { ($0, recipe($0, [4])) })
            g.values["w"] = recipe("w", [4, 3, 3, 3])
            return [g.apply(.batchNorm(BatchNorm(eps: 1e-5, fixGamma: false)), name: "bn", [conv] + names.map { g.variable($0) })]
        }
        let (after, _) = try FoldBatchNorm().apply(to: before)
        #expect(after.opNames == ["Convolution"])
        let x = ["x": recipe("x", [2, 3, 6, 6])]
        #expect(maxRelativeError(try evaluate(after, x)[0], try evaluate(before, x)[0]) <= 1e-5)
    }

    @Test func aConvolutionWhoseOutputFeedsAnotherNodeIsNotFolded() throws {
        let before = try graph { g in
            let conv = g.apply(.convolution(Self.oneByOne), name: "conv", [g.variable("x"), g.variable("w"), g.variable("b")])
            let norm = g.apply(.batchNorm(BatchNorm(eps: 0, fixGamma: false)), name: "bn",
                               [conv] + ["gamma", "beta", "mean", "var"].map { g.variable($0) })
            g.values = Dictionary(uniqueKeysWithValues: ["w", "b", "gamma", "beta", "mean", "var"].map { ($0, recipe($0, $0 == "w" ? [1, 1, 1, 1] : [1])) })
            return [g.apply(.elemwise(.add), name: "sum", [norm, g.apply(.unary(.exp), name: "other", [conv])])]
        }
        let report = try expectRewrite(FoldBatchNorm(), before, before, inputs: ["x": recipe("x", [2, 1, 3, 3])])
        #expect(report.refusals.map(\.reason) == ["BatchNorm not folded: the convolution's output also feeds an exp ('other')"])
    }

    @Test func aConvolutionWhoseWeightsAreSharedIsNotFolded() throws {
        let before = try graph { g in
            let weight = g.variable("w")
            let first = g.apply(.convolution(Self.oneByOne), name: "conv", [g.variable("x"), weight, g.variable("b")])
            let norm = g.apply(.batchNorm(BatchNorm(eps: 0, fixGamma: false)), name: "bn",
                               [first] + ["gamma", "beta", "mean", "var"].map { g.variable($0) })
            let second = g.apply(.convolution(Self.oneByOne), name: "twin", [g.variable("y"), weight, g.variable("b")])
            g.values = Dictionary(uniqueKeysWithValues: ["w", "b", "gamma", "beta", "mean", "var"].map { ($0, recipe($0, $0 == "w" ? [1, 1, 1, 1] : [1])) })
            return [norm, second]
        }
        let inputs = ["x": recipe("x", [2, 1, 3, 3]), "y": recipe("y", [2, 1, 3, 3])]
        let report = try expectRewrite(FoldBatchNorm(), before, before, inputs: inputs)
        #expect(report.refusals.map(\.reason) == ["BatchNorm not folded: the convolution's weights are shared with a Convolution ('twin')"])
    }

    @Test func aBatchNormAfterAResidualAddIsNotFolded() throws {
        let before = try graph { g in
            let sum = g.apply(.elemwise(.add), name: "plus0", [g.variable("x"), g.variable("y")])
            let names = ["bn_gamma", "bn_beta", "bn_running_mean", "bn_running_var"]
            g.values = Dictionary(uniqueKeysWithValues: names.map { ($0, recipe($0, [2])) })
            return [g.apply(.batchNorm(BatchNorm()), name: "bn", [sum] + names.map { g.variable($0) })]
        }
        let inputs = ["x": recipe("x", [1, 2, 2, 2]), "y": recipe("y", [1, 2, 2, 2])]
        let report = try expectRewrite(FoldBatchNorm(), before, before, inputs: inputs)
        #expect(report.refusals.map(\.reason) == ["BatchNorm not folded: its input is a residual add ('plus0'), not a convolution"])
    }

    @Test func unboundParametersAreReported() throws {
        var before = try convolutionWithBias(fixGamma: false)
        before.values["mean"] = nil
        let inputs = ["x": try tensor([1, 1, 1, 1], [1]), "mean": try tensor([1], [0])]
        let report = try expectRewrite(FoldBatchNorm(), before, before, inputs: inputs)
        #expect(report.refusals.map(\.reason) == ["BatchNorm not folded: the input 'mean' has no bound value"])
    }
}
