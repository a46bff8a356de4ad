import GraphIR

/// Gives dense and convolution layers the elementwise work that follows them as an epilogue
/// applied while their output is written: FullyConnected + activation, Convolution + residual
/// add, Convolution (+ residual add) + activation. The producer must have no other consumer;
/// the fused node is named after the last node it absorbs, whose value it computes.
public struct FuseEpilogues: Pass {
    public let name = "fuse-epilogues"
    public let summary = "fuse activations and residual adds into FullyConnected and Convolution"
    public let requires: Set<GraphProperty> = [.batchNormFolded]
    public let provides: Set<GraphProperty> = [.epiloguesFused]

    public init() {}

    public func run(_ graph: Graph, context: inout PassContext) throws -> Graph {
        var editor = GraphEditor(graph, pass: name)
        for slot in editor.indices {
            guard let node = editor.node(slot) else { continue }
            let outcome: Outcome
            if let kind = node.op.activationKind {
                outcome = fuseActivation(kind, at: slot, &editor)
            } else if case .elemwise(.add) = node.op {
                outcome = fuseResidual(at: slot, &editor)
            } else {
                continue
            }
            switch outcome {
            case let .fused(producer, detail): context.rewrote([producer, node.name], into: node.name, detail)
            case let .refused(reason): context.refused(node.name, reason)
            }
        }
        return try editor.finish()
    }

    private enum Outcome {
        case fused(producer: String, detail: String)
        case refused(String)
    }

    private func fuseActivation(_ kind: ActivationKind, at slot: Int, _ editor: inout GraphEditor) -> Outcome {
        let producer = editor.inputs(of: slot)[0].node
        guard let producerNode = editor.node(producer) else { return .refused("its input is missing") }
        let fused: FusedOp
        switch producerNode.op {
        case let .fullyConnected(a): fused = .fullyConnected(a, kind)
        case let .convolution(a): fused = .convolution(a, ConvolutionEpilogue(activation: kind))
        case let .fused(.convolution(a, epilogue)) where epilogue.activation == nil:
            fused = .convolution(a, ConvolutionEpilogue(residual: epilogue.residual, activation: kind))
        default:
            return .refused("\(kind.rawValue) not fused: its input is \(editor.describe(producer)), which takes no activation epilogue")
        }
        guard editor.useCount(of: producer) == 1 else {
            return .refused("\(kind.rawValue) not fused: its input also feeds \(editor.describeConsumers(of: producer, excluding: slot))")
        }
        let name = editor.node(slot)?.name ?? producerNode.name
        editor.replace(slot, with: Node(name: name, op: .fused(fused), inputs: editor.inputs(of: producer)))
        editor.remove(producer)
        return .fused(producer: producerNode.name, detail: "\(producerNode.op.mxnetName) applies \(kind.rawValue) as it writes")
    }

    /// Fuses the add into the first operand that is a convolution used only by it; the other
    /// operand becomes the residual.
    private func fuseResidual(at slot: Int, _ editor: inout GraphEditor) -> Outcome {
        let operands = editor.inputs(of: slot)
        var reasons: [String] = []
        for (position, operand) in operands.enumerated() {
            guard let producer = editor.node(operand.node), case let .convolution(a) = producer.op else {
                reasons.append("\(editor.describe(operand.node)) is not a convolution")
                continue
            }
            guard editor.useCount(of: operand.node) == 1 else {
                reasons.append("\(editor.describe(operand.node)) also feeds \(editor.describeConsumers(of: operand.node, excluding: slot))")
                continue
            }
            let residual = operands[1 - position]
            let name = editor.node(slot)?.name ?? producer.name
            editor.replace(slot, with: Node(name: name, op: .fused(.convolution(a, ConvolutionEpilogue(residual: true))),
                                            inputs: editor.inputs(of: operand.node) + [residual]))
            editor.remove(operand.node)
            return .fused(producer: producer.name, detail: "Convolution adds the output of \(editor.describe(residual.node)) as it writes")
        }
        return .refused("add not fused: " + reasons.joined(separator: "; "))
    }
}
