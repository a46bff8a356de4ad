/// Builds a graph node by node, the way `mx.sym` composes symbols: variables first, then ops
/// applied to earlier symbols. Layers trace themselves into a builder.
public final class GraphBuilder {
    /// The nodes added so far, in topological order.
    public private(set) var nodes: [Node] = []
    /// Tensors bound to variables (parameters with values).
    public var values: [String: Tensor] = [:]
    private var variablesByName: [String: Int] = [:]

    public init() {}

    /// The variable with this name, created on first use (a parameter used twice is one node).
    public func variable(_ name: String, hints: [String: String] = [:]) -> Symbol {
        if let index = variablesByName[name] { return Symbol(entry: Entry(node: index), builder: self) }
        nodes.append(Node(name: name, op: .variable, hints: hints))
        variablesByName[name] = nodes.count - 1
        return Symbol(entry: Entry(node: nodes.count - 1), builder: self)
    }

    /// Adds a node applying `op` to `inputs`; returns its first output.
    @discardableResult
    public func apply(_ op: Op, name: String, _ inputs: [Symbol], hints: [String: String] = [:]) -> Symbol {
        nodes.append(Node(name: name, op: op, inputs: inputs.map(\.entry), hints: hints))
        return Symbol(entry: Entry(node: nodes.count - 1), builder: self)
    }

    /// The finished graph with the given outputs; throws when its structure is invalid.
    public func graph(outputs: [Symbol]) throws -> Graph {
        let graph = Graph(nodes: nodes, outputs: outputs.map(\.entry), values: values)
        try graph.verify()
        return graph
    }
}

/// One output of a node in a `GraphBuilder`.
public struct Symbol {
    /// The node and output this symbol stands for.
    public let entry: Entry
    /// The builder that holds the node.
    public let builder: GraphBuilder

    /// The node's name.
    public var name: String { builder.nodes[entry.node].name }

    /// Another output of the same node.
    public subscript(output index: Int) -> Symbol {
        Symbol(entry: Entry(node: entry.node, output: index), builder: builder)
    }
}
