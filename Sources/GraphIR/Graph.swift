/// One output of one node: what an edge carries.
public struct Entry: Hashable, Sendable {
    /// The producing node's index in `Graph.nodes`.
    public var node: Int
    /// Which of the node's outputs.
    public var output: Int
    public init(node: Int, output: Int = 0) { self.node = node; self.output = output }
}

/// A node: an op applied to entries of earlier nodes.
public struct Node: Hashable, Sendable {
    /// The node's unique name (`dssmrecommendernetwork0_dense0_fwd`).
    public var name: String
    public var op: Op
    public var inputs: [Entry]
    /// MXNet's hidden attributes (`__shape__`, `__init__`, `__dtype__`, `__layout__` …), kept as written.
    public var hints: [String: String]

    public init(name: String, op: Op, inputs: [Entry] = [], hints: [String: String] = [:]) {
        self.name = name; self.op = op; self.inputs = inputs; self.hints = hints
    }

    /// Whether the node is a variable (an input or a parameter).
    public var isVariable: Bool { op == .variable }
}

/// A symbolic graph in topological order: every node's inputs come from earlier nodes.
/// `values` binds tensors to variables (parameters, folded constants); unbound variables are inputs.
public struct Graph: Hashable, Sendable {
    public var nodes: [Node]
    /// The graph's outputs (MXNet's `heads`).
    public var outputs: [Entry]
    /// Tensors bound to variables by name.
    public var values: [String: Tensor]

    public init(nodes: [Node] = [], outputs: [Entry] = [], values: [String: Tensor] = [:]) {
        self.nodes = nodes; self.outputs = outputs; self.values = values
    }

    /// The index of the node with this name.
    public func index(of name: String) -> Int? {
        nodes.firstIndex { $0.name == name }
    }

    /// Indices of the variable nodes (MXNet's `arg_nodes`).
    public var variableIndices: [Int] { nodes.indices.filter { nodes[$0].isVariable } }

    /// Names of the variables that are auxiliary states (BatchNorm's running mean and variance).
    public var auxiliaryNames: Set<String> {
        var names: Set<String> = []
        for node in nodes {
            for position in node.op.auxiliaryInputs where position < node.inputs.count {
                names.insert(nodes[node.inputs[position].node].name)
            }
        }
        return names
    }

    /// Variables with no bound value: what a caller must feed.
    public var inputNames: [String] {
        variableIndices.map { nodes[$0].name }.filter { values[$0] == nil }
    }

    /// The unbound variables that carry data rather than parameters: those some node reads as
    /// its first input (`data`, `lhs`) or that are outputs themselves, in graph order; among
    /// them, parameters (which Gluon exports with `__shape__` hints) are left out when any
    /// hint-free one remains.
    public var dataInputNames: [String] {
        var data = Set(outputs.map(\.node))
        for node in nodes { if let first = node.inputs.first { data.insert(first.node) } }
        let candidates = variableIndices.filter { data.contains($0) && values[nodes[$0].name] == nil }
        let plain = candidates.filter { nodes[$0].hints["__shape__"] == nil }
        return (plain.isEmpty ? candidates : plain).map { nodes[$0].name }
    }

    /// The MXNet name of an entry's output: a variable's own name, else `<node>_<output name>`.
    public func outputName(_ entry: Entry) -> String {
        let node = nodes[entry.node]
        if node.isVariable { return node.name }
        let names = node.op.outputNames
        return node.name + "_" + (entry.output < names.count ? names[entry.output] : "output\(entry.output)")
    }

    /// Every entry of the graph, node by node, output by output.
    public var allEntries: [Entry] {
        nodes.indices.flatMap { i in (0..<nodes[i].op.outputCount).map { Entry(node: i, output: $0) } }
    }

    /// For each node, how many times its outputs are used by other nodes or as graph outputs.
    public var useCounts: [Int] {
        var counts = Array(repeating: 0, count: nodes.count)
        for node in nodes { for input in node.inputs { counts[input.node] += 1 } }
        for output in outputs { counts[output.node] += 1 }
        return counts
    }
}
