import GraphIR

/// Runs a BatchNorm and the activation after it as one pass over memory. ResNet v2 is
/// pre-activation (BatchNorm → ReLU → Convolution): the BatchNorms no convolution precedes
/// end up here. The fused node is named after the activation, whose value it computes.
public struct FuseBatchNormActivation: Pass {
    public let name = "fuse-batchnorm-activation"
    public let summary = "run BatchNorm and the activation after it as one kernel"
    public let requires: Set<GraphProperty> = [.batchNormFolded]
    public let provides: Set<GraphProperty> = [.batchNormActivationFused]

    public init() {}

    public func run(_ graph: Graph, context: inout PassContext) throws -> Graph {
        var editor = GraphEditor(graph, pass: name)
        for slot in editor.indices {
            guard let node = editor.node(slot), case let .batchNorm(norm) = node.op else { continue }
            let consumers = editor.consumers(of: slot)
            guard consumers.count == 1, !editor.isOutput(slot), let consumer = consumers.first,
                  let activationNode = editor.node(consumer), let kind = activationNode.op.activationKind else {
                context.refused(node.name, "BatchNorm not fused with an activation: its output feeds \(editor.describeConsumers(of: slot))")
                continue
            }
            editor.replace(consumer, with: Node(name: activationNode.name, op: .fused(.batchNorm(norm, kind)),
                                                inputs: editor.inputs(of: slot)))
            editor.remove(slot)
            context.rewrote([node.name, activationNode.name], into: activationNode.name, "BatchNorm with \(kind.rawValue) in one pass")
        }
        return try editor.finish()
    }
}
