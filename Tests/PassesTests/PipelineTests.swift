import Foundation
import GraphIR
import Passes
import Testing
import TestSupport

/// The default pipeline on the example network, its report and its checks.
struct PipelineTests {
    @Test func smallDSSMShrinksAndEveryPassKeepsItsOutputs() throws {
        let (reference, _) = try ReferenceCase.network("dssm_small")
        let (report, check) = try NumericCheck(tolerance: 1e-5).run(on: reference.graph, inputs: reference.inputs, evaluate: evaluate)
        #expect(check.firstFailingPass == nil, "\(check.text)")
        #expect(check.steps.map(\.pass) == defaultPipeline.map(\.name))
        #expect(reference.graph.nodes.count == 288)
        #expect(report.optimized.nodes.count == 145)
        let outputs = try evaluate(report.optimized, reference.inputs)
        #expect(maxRelativeError(outputs[0], reference.outputs[0]) <= 1e-4)
    }

    @Test func theReportExplainsFusionsAndRefusals() throws {
        let (reference, _) = try ReferenceCase.network("dssm_small")
        let (_, report) = try optimize(reference.graph, inputShapes: reference.inputs.mapValues(\.shape))
        let text = report.text()
        #expect(text.hasPrefix("optimized 288 -> 145 nodes in 9 passes (node names without the prefix 'dssmrecommendernetwork0_')"))
        #expect(text.contains("refused  resnetv20_stage1_batchnorm2_fwd: BatchNorm not folded: its input is a residual add ('resnetv20_stage1__plus0'), not a convolution"))
        #expect(text.contains("rewrote  resnetv20_conv0_fwd + resnetv20_batchnorm1_fwd -> resnetv20_conv0_fwd: Convolution with the BatchNorm"))
        #expect(text.contains("rewrote  transpose0 + lstm0_rnn0 -> lstm0_rnn0"))
        let folds = try #require(report.report(for: "fold-batchnorm"))
        #expect(folds.rewrites.count == 9 && folds.refusals.count == 10)
        #expect(try #require(report.report(for: "fuse-batchnorm-activation")).rewrites.count == 9)
        #expect(try #require(report.report(for: "fuse-epilogues")).rewrites.count == 23)
    }

    @Test func theReportPrintsTheGraphsAfterTheNamedPasses() throws {
        let (reference, _) = try ReferenceCase.network("dssm_small")
        let shapes = reference.inputs.mapValues(\.shape)
        let (_, report) = try optimize(reference.graph, inputShapes: shapes)
        let text = report.text(printing: .after(["fuse-elementwise"]), inputShapes: shapes)
        #expect(text.components(separatedBy: "graph after ").count == 2)
        #expect(text.contains("graph after fuse-elementwise:\n%0 = input -> (3, 1)  user"))
        #expect(report.text(printing: .all).components(separatedBy: "graph after ").count == 10)
    }

    /// The example at full size: the same structure shrinks the same way, and computes the same.
    @Test func fullDSSMShrinksAndKeepsItsOutputs() throws {
        let (reference, _) = try ReferenceCase.network("dssm_full")
        let (optimized, _) = try optimize(reference.graph, inputShapes: reference.inputs.mapValues(\.shape))
        #expect(reference.graph.nodes.count == 288)
        #expect(optimized.nodes.count == 145)
        let outputs = try evaluate(optimized, reference.inputs)
        #expect(maxRelativeError(outputs[0], try evaluate(reference.graph, reference.inputs)[0]) <= 1e-5)
        #expect(maxRelativeError(outputs[0], reference.outputs[0]) <= 1e-4)
    }

    @Test func aPipelineOutOfOrderIsRefused() throws {
        #expect(throws: PassError.unmetRequirement(pass: "fuse-batchnorm-activation", property: .batchNormFolded, providers: ["fold-batchnorm"])) {
            try validatePipeline([FuseBatchNormActivation(), FoldBatchNorm()])
        }
        try validatePipeline(defaultPipeline)
        #expect(try registeredPass(named: "fold-transposes").name == "fold-transposes")
        #expect(throws: PassError.self) { try registeredPass(named: "fuse-everything") }
    }

    @Test func aNumericFailureNamesTheFirstPassPastTheTolerance() throws {
        let (reference, _) = try ReferenceCase.network("dssm_small")
        let (_, report) = try optimize(reference.graph, inputShapes: reference.inputs.mapValues(\.shape))
        let check = try NumericCheck(tolerance: 1e-7).check(report, inputs: reference.inputs, evaluate: evaluate)
        #expect(check.firstFailingPass == "fold-batchnorm")
        #expect(check.text.hasSuffix("first pass past the tolerance: fold-batchnorm"))
    }
}

/// A deliberately wrong pass: every relu becomes a sigmoid.
private struct SwapReluForSigmoid: Pass {
    let name = "swap-relu"
    let summary = "a wrong rewrite, for the numeric check to catch"
    let provides: Set<GraphProperty> = []

    func run(_ graph: Graph, context: inout PassContext) throws -> Graph {
        var result = graph
        for index in result.nodes.indices where result.nodes[index].op == .activation(.relu) {
            result.nodes[index].op = .activation(.sigmoid)
            context.rewrote([graph.nodes[index].name], into: graph.nodes[index].name, "relu became sigmoid")
        }
        return result
    }
}

/// A pass whose graph the executor cannot run: exp becomes an op with no kernel.
private struct UnrunnableRewrite: Pass {
    let name = "unrunnable"
    let summary = "a rewrite to an op without a kernel"
    let provides: Set<GraphProperty> = []

    func run(_ graph: Graph, context: inout PassContext) throws -> Graph {
        var result = graph
        for index in result.nodes.indices where result.nodes[index].op == .unary(.exp) {
            result.nodes[index].op = .scalar(.maximum, 0)
        }
        return result
    }
}

struct NumericCheckTests {
    @Test func theFirstWrongPassIsNamed() throws {
        let relu = try graph { g in [g.apply(.activation(.relu), name: "act", [g.apply(.unary(.exp), name: "e", [g.variable("x")])])] }
        let inputs = ["x": recipe("x", [2, 3])]
        let (_, check) = try NumericCheck().run([EliminateDropout(), SwapReluForSigmoid(), UnrunnableRewrite()],
                                                on: relu, inputs: inputs, evaluate: evaluate)
        #expect(check.firstFailingPass == "swap-relu")
        #expect(check.steps.map(\.maxRelativeError).first == 0)
        let failure = try #require(check.steps.last?.failure)
        #expect(failure.contains("_maximum_scalar"))
        #expect(check.text.contains("FAILED: node 'e' (_maximum_scalar)"))
    }
}
