import GraphIR

/// A rewrite of a graph that keeps what it computes: a pure function of the graph with a name,
/// the properties it relies on and those it establishes. Passes say what they rewrote and why
/// they left a candidate alone through the context.
public protocol Pass: Sendable {
    /// The name used in reports and on the command line (`fold-batchnorm`).
    var name: String { get }
    /// One line on what the pass does.
    var summary: String { get }
    /// Properties an earlier pass of the pipeline must have established.
    var requires: Set<GraphProperty> { get }
    /// Properties the graph has after this pass.
    var provides: Set<GraphProperty> { get }
    /// Rewrites `graph`, recording rewrites and refusals in `context`.
    func run(_ graph: Graph, context: inout PassContext) throws -> Graph
}

extension Pass {
    public var requires: Set<GraphProperty> { [] }

    /// Runs the pass alone; returns the rewritten graph and what the pass did. Throws when
    /// `graph` is not a valid graph, or when the pass breaks it.
    public func apply(to graph: Graph, inputShapes: [String: Shape] = [:]) throws -> (graph: Graph, report: PassReport) {
        try graph.verify()
        var context = PassContext(inputShapes: inputShapes)
        let result = try run(graph, context: &context)
        do { try result.verify() } catch let error as GraphError {
            throw PassError.brokeGraph(pass: name, message: error.description)
        }
        let report = PassReport(pass: name, nodesBefore: graph.nodes.count, nodesAfter: result.nodes.count,
                                rewrites: context.rewrites, refusals: context.refusals, graph: result)
        return (result, report)
    }
}

/// A property of a graph that a pass establishes and a later pass may rely on.
public enum GraphProperty: String, Hashable, Sendable, CaseIterable {
    /// No `Dropout` (inference).
    case noDropout = "no-dropout"
    /// No two nodes compute the same thing.
    case noCommonSubexpressions = "no-common-subexpressions"
    /// Parameter plumbing evaluated once (`Reshape`, `_rnn_param_concat`, `_zeros`).
    case constantsFolded = "constants-folded"
    /// Every node contributes to an output.
    case noDeadCode = "no-dead-code"
    /// Every BatchNorm that can be folded into the convolution before it has been.
    case batchNormFolded = "batchnorm-folded"
    /// BatchNorm and its activation run as one kernel.
    case batchNormActivationFused = "batchnorm-activation-fused"
    /// Dense and convolution layers carry their activations and residual adds.
    case epiloguesFused = "epilogues-fused"
    /// Transposes feeding a layout-aware kernel are folded into it.
    case transposesFolded = "transposes-folded"
    /// Chains of elementwise ops run as one kernel.
    case elementwiseFused = "elementwise-fused"
}

/// What a pass sees besides the graph, and where it records what it did.
public struct PassContext: Sendable {
    /// The shapes of the graph's inputs, when known: passes that need shapes infer them from these.
    public let inputShapes: [String: Shape]
    /// What the pass rewrote so far.
    public private(set) var rewrites: [PassReport.Rewrite] = []
    /// Candidates the pass left alone, with the reason.
    public private(set) var refusals: [PassReport.Refusal] = []

    public init(inputShapes: [String: Shape] = [:]) { self.inputShapes = inputShapes }

    /// Records that `nodes` became `result` (nil: were removed), with a few words on how.
    public mutating func rewrote(_ nodes: [String], into result: String?, _ detail: String) {
        rewrites.append(PassReport.Rewrite(nodes: nodes, result: result, detail: detail))
    }

    /// Records that `candidate` was left alone and why.
    public mutating func refused(_ candidate: String, _ reason: String) {
        refusals.append(PassReport.Refusal(candidate: candidate, reason: reason))
    }

    /// The graph's shapes as far as the input shapes determine them.
    public func shapes(of graph: Graph) throws -> ShapeMap {
        try graph.inferShapes(inputShapes, requireComplete: false)
    }
}

/// A pass or pipeline could not run.
public enum PassError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A pass produced an invalid graph (a bug in the pass).
    case brokeGraph(pass: String, message: String)
    /// A pass needs a property no earlier pass of the pipeline provides.
    case unmetRequirement(pass: String, property: GraphProperty, providers: [String])
    /// No pass has this name.
    case unknownPass(name: String, known: [String])

    public var description: String {
        switch self {
        case let .brokeGraph(pass, message):
            return "pass '\(pass)' produced an invalid graph: \(message)"
        case let .unmetRequirement(pass, property, providers):
            let by = providers.isEmpty ? "" : " (run \(providers.joined(separator: " or ")) before it)"
            return "pass '\(pass)' requires \(property.rawValue), which no earlier pass provides\(by)"
        case let .unknownPass(name, known):
            return "no pass is named '\(name)' (passes: \(known.joined(separator: ", ")))"
        }
    }
}
