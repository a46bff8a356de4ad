import Foundation
import GraphIR

/// Folds an inference BatchNorm into the Convolution before it:
/// `scale = gamma / sqrt(var + eps)` (gamma taken as 1 under `fix_gamma`),
/// `weight' = weight · scale` per output channel and `bias' = (bias − mean) · scale + beta`.
/// The folded convolution keeps its name, always has a bias, and the BatchNorm's consumers
/// read it. New variables hold the folded weights: the originals are never changed, so the
/// fold is refused when the convolution's output or weights are used elsewhere.
public struct FoldBatchNorm: Pass {
    public let name = "fold-batchnorm"
    public let summary = "fold BatchNorm into the Convolution before it"
    public let provides: Set<GraphProperty> = [.batchNormFolded]

    public init() {}

    public func run(_ graph: Graph, context: inout PassContext) throws -> Graph {
        var editor = GraphEditor(graph, pass: name)
        for slot in editor.indices {
            guard let node = editor.node(slot), case let .batchNorm(norm) = node.op else { continue }
            switch fold(slot, norm, &editor) {
            case let .folded(convolution, detail): context.rewrote([convolution, node.name], into: convolution, detail)
            case let .refused(reason): context.refused(node.name, "BatchNorm not folded: " + reason)
            }
        }
        return try editor.finish()
    }

    private enum Outcome {
        case folded(convolution: String, detail: String)
        case refused(String)
    }

    private func fold(_ slot: Int, _ norm: GraphIR.BatchNorm, _ editor: inout GraphEditor) -> Outcome {
        let inputs = editor.inputs(of: slot)
        let producer = inputs[0].node
        guard let convolutionNode = editor.node(producer), case let .convolution(convolution) = convolutionNode.op else {
            return .refused("its input is \(editor.describe(producer)), not a convolution")
        }
        guard norm.axis == 1 || norm.axis == -3 else {
            return .refused("it normalizes axis \(norm.axis), not the convolution's channels")
        }
        guard editor.useCount(of: producer) == 1 else {
            return .refused("the convolution's output also feeds \(editor.describeConsumers(of: producer, excluding: slot))")
        }
        let convolutionInputs = editor.inputs(of: producer)
        let weightSlot = convolutionInputs[1].node
        guard editor.useCount(of: weightSlot) == 1 else {
            return .refused("the convolution's weights are shared with \(editor.describeConsumers(of: weightSlot, excluding: producer))")
        }
        let parameterSlots = [weightSlot] + (convolution.noBias ? [] : [convolutionInputs[2].node]) + inputs[1...].map(\.node)
        let parameters = parameterSlots.map { editor.value(ofVariable: $0) }
        if let missing = parameters.firstIndex(where: { $0 == nil }) {
            return .refused("\(editor.describe(parameterSlots[missing])) has no bound value")
        }
        let values = parameters.compactMap { $0 }
        let weight = values[0], statistics = Array(values.suffix(4))
        let bias = convolution.noBias ? nil : values[1]
        let channels = convolution.numFilter
        guard weight.shape.rank >= 1, weight.shape[0] == channels,
              ([bias].compactMap { $0 } + statistics).allSatisfy({ $0.shape.count == channels }) else {
            return .refused("its parameters do not have one value per the convolution's \(channels) output channels")
        }
        let (foldedWeight, foldedBias) = Self.folded(weight: weight, bias: bias, statistics: statistics, norm: norm)
        let base = convolutionNode.name.hasSuffix("_fwd") ? String(convolutionNode.name.dropLast(4)) : convolutionNode.name
        let weightEntry = editor.insertVariable(named: editor.uniqueName(base + "_folded_weight"), value: foldedWeight, before: producer)
        let biasEntry = editor.insertVariable(named: editor.uniqueName(base + "_folded_bias"), value: foldedBias, before: producer)
        var withBias = convolution
        withBias.noBias = false
        editor.replace(producer, with: Node(name: convolutionNode.name, op: .convolution(withBias),
                                            inputs: [convolutionInputs[0], weightEntry, biasEntry]))
        editor.redirect(Entry(node: slot), to: Entry(node: producer))
        editor.remove(slot)
        for parameter in parameterSlots { editor.removeIfUnused(parameter) }
        let gamma = norm.fixGamma ? "gamma taken as 1 (fix_gamma)" : "gamma, beta, mean and variance"
        let biasText = bias == nil ? "a bias added" : "its bias scaled"
        return .folded(convolution: convolutionNode.name, detail: "Convolution with the BatchNorm (\(gamma)) folded into its weights, \(biasText)")
    }

    /// The folded weight and bias, computed in double precision.
    static func folded(weight: Tensor, bias: Tensor?, statistics: [Tensor], norm: GraphIR.BatchNorm) -> (Tensor, Tensor) {
        let (gamma, beta, mean, variance) = (statistics[0].scalars, statistics[1].scalars, statistics[2].scalars, statistics[3].scalars)
        let channels = gamma.count
        let perChannel = weight.scalars.count / max(channels, 1)
        var folded = (weight: weight, bias: Tensor(shape: Shape([channels])))
        for channel in 0..<channels {
            let scale = (norm.fixGamma ? 1 : Double(gamma[channel])) / (Double(variance[channel]) + norm.eps).squareRoot()
            for k in channel * perChannel..<(channel + 1) * perChannel {
                folded.weight.scalars[k] = Float(Double(weight.scalars[k]) * scale)
            }
            let shifted = Double(bias?.scalars[channel] ?? 0) - Double(mean[channel])
            folded.bias.scalars[channel] = Float(shifted * scale + Double(beta[channel]))
        }
        return folded
    }
}
