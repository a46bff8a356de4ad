import GraphIR

/// What one pass did: node counts, every rewrite, every candidate it refused and why,
/// and the graph it produced.
public struct PassReport: Sendable {
    /// Nodes merged, replaced or removed by one rewrite.
    public struct Rewrite: Hashable, Sendable {
        /// The nodes of the input graph involved, in graph order.
        public var nodes: [String]
        /// The node that now computes their value; nil when they were removed outright.
        public var result: String?
        /// How, in a few words (`Convolution with folded BatchNorm, bias added`).
        public var detail: String
    }

    /// A candidate the pass left alone.
    public struct Refusal: Hashable, Sendable {
        /// The node the pass looked at.
        public var candidate: String
        /// Why it was not rewritten (`its input is a residual add, not a convolution`).
        public var reason: String
    }

    /// The pass's name.
    public var pass: String
    public var nodesBefore: Int
    public var nodesAfter: Int
    public var rewrites: [Rewrite]
    public var refusals: [Refusal]
    /// The graph after the pass.
    public var graph: Graph
}

/// What a pipeline did, pass by pass.
public struct PipelineReport: Sendable {
    /// The graph the pipeline started from.
    public var original: Graph
    /// One report per pass, in pipeline order.
    public var passes: [PassReport]

    /// The graph after the last pass.
    public var optimized: Graph { passes.last?.graph ?? original }

    /// The report of the pass with this name.
    public func report(for pass: String) -> PassReport? {
        passes.first { $0.pass == pass }
    }
}
