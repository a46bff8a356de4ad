import GraphIR

/// Every pass, in the order of the default inference pipeline: the one place passes are listed.
///
/// Cleanup comes first, so that fusions see the real dataflow: Dropout goes, identical `_zeros`
/// states merge, parameter plumbing folds, and what no output uses is dropped. BatchNorms are
/// folded into convolutions before anything else may claim them; the BatchNorms left (ResNet v2's
/// pre-activations) run with their ReLU; then dense and convolution layers take their
/// activations and residual adds, so that the elementwise fusion last sees only what is left.
public let defaultPipeline: [any Pass] = [
    EliminateDropout(),
    EliminateCommonSubexpressions(),
    FoldConstants(),
    EliminateDeadCode(),
    FoldBatchNorm(),
    FuseBatchNormActivation(),
    FuseEpilogues(),
    FoldTransposes(),
    FuseElementwise(),
]

/// The pass of the default pipeline with this name (for `--print-after`, custom pipelines).
public func registeredPass(named name: String) throws -> any Pass {
    guard let pass = defaultPipeline.first(where: { $0.name == name }) else {
        throw PassError.unknownPass(name: name, known: defaultPipeline.map(\.name))
    }
    return pass
}

/// Checks that every pass's requirements are provided by a pass before it.
public func validatePipeline(_ pipeline: [any Pass]) throws {
    var provided: Set<GraphProperty> = []
    for pass in pipeline {
        for property in GraphProperty.allCases where pass.requires.contains(property) && !provided.contains(property) {
            let providers = defaultPipeline.filter { $0.provides.contains(property) }.map(\.name)
            throw PassError.unmetRequirement(pass: pass.name, property: property, providers: providers)
        }
        provided.formUnion(pass.provides)
    }
}

/// Runs `pipeline` on `graph`; returns the optimized graph and what every pass did.
///
/// `inputShapes` are the shapes the graph will run with; passes that need shapes (folding
/// `_zeros` states into constants) skip what the shapes leave unknown. The optimized graph
/// computes what `graph` computes, with the same outputs in the same order.
public func optimize(_ graph: Graph, pipeline: [any Pass] = defaultPipeline,
                     inputShapes: [String: Shape] = [:]) throws -> (graph: Graph, report: PipelineReport) {
    try validatePipeline(pipeline)
    var current = graph
    var reports: [PassReport] = []
    for pass in pipeline {
        let (next, report) = try pass.apply(to: current, inputShapes: inputShapes)
        reports.append(report)
        current = next
    }
    return (current, PipelineReport(original: graph, passes: reports))
}
