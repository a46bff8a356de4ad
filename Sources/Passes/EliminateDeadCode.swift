import GraphIR

/// Removes nodes no output depends on, with their bound values. Unused inputs stay: callers
/// still feed them, and the executor ignores what it does not need.
public struct EliminateDeadCode: Pass {
    public let name = "eliminate-dead-code"
    public let summary = "remove nodes no output depends on"
    public let provides: Set<GraphProperty> = [.noDeadCode]

    public init() {}

    public func run(_ graph: Graph, context: inout PassContext) throws -> Graph {
        var needed = Array(repeating: false, count: graph.nodes.count)
        var stack = graph.outputs.map(\.node)
        while let index = stack.popLast() {
            guard !needed[index] else { continue }
            needed[index] = true
            stack += graph.nodes[index].inputs.map(\.node)
        }
        var editor = GraphEditor(graph, pass: name)
        var removed: [String] = []
        for (index, node) in graph.nodes.enumerated() where !needed[index] {
            if node.isVariable && graph.values[node.name] == nil {
                context.refused(node.name, "kept though no output uses it: it is an input, which callers feed")
                continue
            }
            editor.remove(index)
            removed.append(node.name)
        }
        if !removed.isEmpty {
            context.rewrote(removed, into: nil, "no output depends on \(removed.count == 1 ? "it" : "them")")
        }
        return try editor.finish()
    }
}
