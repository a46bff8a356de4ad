import GraphIR

extension GraphEditor {
    /// The node in `slot` as a report names it: `the input 'data'`, `a residual add ('…_plus0')`,
    /// `a Pooling ('…_pool0_fwd')`.
    func describe(_ slot: Int) -> String {
        guard let node = node(slot) else { return "a removed node" }
        switch node.op {
        case .variable:
            return value(ofVariable: slot) == nil ? "the input '\(node.name)'" : "the parameter '\(node.name)'"
        case .elemwise(.add), .broadcast(.add):
            return "a residual add ('\(node.name)')"
        default:
            let name = node.op.mxnetName
            let vowel = name.first.map { "aeiouAEIOU".contains($0) } ?? false
            return "\(vowel ? "an" : "a") \(name) ('\(node.name)')"
        }
    }

    /// The nodes reading `slot` other than `excluded`, described, for refusal reasons.
    func describeConsumers(of slot: Int, excluding excluded: Int? = nil) -> String {
        var parts = consumers(of: slot).filter { $0 != excluded }.map(describe)
        if isOutput(slot) { parts.append("a graph output") }
        return parts.isEmpty ? "the same node a second time" : parts.joined(separator: " and ")
    }
}

extension Op {
    /// The activation this op applies, when it is one (`Activation`, or `relu`, `sigmoid`, `tanh`).
    var activationKind: ActivationKind? {
        switch self {
        case let .activation(kind): return kind
        case .unary(.relu): return .relu
        case .unary(.sigmoid): return .sigmoid
        case .unary(.tanh): return .tanh
        default: return nil
        }
    }
}
