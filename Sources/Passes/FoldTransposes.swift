import GraphIR

/// Folds a transpose into the consumer when the consumer can read the untransposed layout:
/// the LSTM reads batch-major `(N, T, C)` data directly, so `transpose(axes=(1, 0, 2))`
/// before an `RNN` disappears. Other transposes are left alone, with the reason.
public struct FoldTransposes: Pass {
    public let name = "fold-transposes"
    public let summary = "fold transposes into consumers that read the original layout"
    public let provides: Set<GraphProperty> = [.transposesFolded]

    public init() {}

    public func run(_ graph: Graph, context: inout PassContext) throws -> Graph {
        var editor = GraphEditor(graph, pass: name)
        for slot in editor.indices {
            guard let node = editor.node(slot), case let .transpose(axes) = node.op else { continue }
            let consumers = editor.consumers(of: slot)
            guard consumers.count == 1, !editor.isOutput(slot), let consumer = consumers.first, let consumerNode = editor.node(consumer) else {
                context.refused(node.name, "transpose not folded: it feeds \(editor.describeConsumers(of: slot))")
                continue
            }
            let consumerInputs = editor.inputs(of: consumer)
            guard case let .rnn(rnn) = consumerNode.op, consumerInputs[0].node == slot else {
                context.refused(node.name, "transpose not folded: \(editor.describe(consumer)) has no variant that reads the untransposed layout")
                continue
            }
            guard axes == [1, 0, 2] else {
                context.refused(node.name, "transpose not folded: axes \(axes) are not the (1, 0, 2) swap of batch and time")
                continue
            }
            editor.replace(consumer, with: Node(name: consumerNode.name, op: .fused(.batchMajorRNN(rnn)),
                                                inputs: editor.inputs(of: slot) + consumerInputs.dropFirst(), hints: consumerNode.hints))
            editor.remove(slot)
            context.rewrote([node.name, consumerNode.name], into: consumerNode.name, "the LSTM reads NTC data, no transpose needed")
        }
        return try editor.finish()
    }
}
