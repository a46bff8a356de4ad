import GraphIR

/// Merges nodes that apply the same op to the same inputs (two `_zeros` begin states of one
/// shape, a subexpression traced twice): later copies are removed and their uses read the first.
public struct EliminateCommonSubexpressions: Pass {
    public let name = "eliminate-common-subexpressions"
    public let summary = "merge nodes that apply the same op to the same inputs"
    public let provides: Set<GraphProperty> = [.noCommonSubexpressions]

    public init() {}

    private struct Key: Hashable {
        let op: Op
        let inputs: [Entry]
    }

    public func run(_ graph: Graph, context: inout PassContext) throws -> Graph {
        var editor = GraphEditor(graph, pass: name)
        var first: [Key: Int] = [:]
        for slot in editor.indices {
            guard let node = editor.node(slot), !node.isVariable else { continue }
            let key = Key(op: node.op, inputs: editor.inputs(of: slot))
            guard let original = first[key] else {
                first[key] = slot
                continue
            }
            for output in 0..<node.op.outputCount {
                editor.redirect(Entry(node: slot, output: output), to: Entry(node: original, output: output))
            }
            editor.remove(slot)
            context.rewrote([graph.nodes[original].name, node.name], into: graph.nodes[original].name,
                            "the same \(node.op.mxnetName) with the same attributes and inputs; its uses read the first")
        }
        return try editor.finish()
    }
}
