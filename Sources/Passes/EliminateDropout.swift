import GraphIR

/// Removes `Dropout`, the identity at inference: its consumers read its input directly.
public struct EliminateDropout: Pass {
    public let name = "eliminate-dropout"
    public let summary = "remove Dropout, the identity at inference"
    public let provides: Set<GraphProperty> = [.noDropout]

    public init() {}

    public func run(_ graph: Graph, context: inout PassContext) throws -> Graph {
        var editor = GraphEditor(graph, pass: name)
        for slot in editor.indices {
            guard let node = editor.node(slot), case .dropout = node.op, let input = node.inputs.first else { continue }
            let source = editor.resolve(input)
            editor.redirect(Entry(node: slot), to: source)
            editor.remove(slot)
            context.rewrote([node.name], into: graph.nodes[source.node].name,
                            "the identity at inference; its consumers read its input")
        }
        return try editor.finish()
    }
}
