/// How an op's outputs depend on its inputs, in the spirit of TVM's op patterns: what the
/// fusion passes may merge into one kernel.
public enum OpPattern: Hashable, Sendable {
    /// Each output element depends on the input elements at the same position (`relu`, `elemwise_add`).
    case elementwise
    /// Elementwise after numpy broadcasting (`broadcast_add`).
    case broadcast
    /// The same elements under another shape, in the same order (`Reshape`, `expand_dims`).
    case view
    /// Each output element is one input element, moved (`transpose`, `Concat`).
    case injective
    /// Sums or norms over axes (`mean`, `norm`).
    case reduction
    /// A heavy op that can apply an elementwise epilogue to its output (`Convolution`, `FullyConnected`).
    case outElementwiseFusable
    /// Anything else, including ops that are already fused.
    case opaque
}

extension Op {
    /// The op's fusion pattern.
    public var pattern: OpPattern {
        switch self {
        case .activation, .dropout, .elemwise, .scalar, .unary: return .elementwise
        case .broadcast: return .broadcast
        case .reshape, .flatten, .expandDims, .squeeze, .identity: return .view
        case .transpose, .concat, .rnnParamConcat: return .injective
        case .reduce, .norm: return .reduction
        case .convolution, .fullyConnected: return .outElementwiseFusable
        case .variable, .embedding, .rnn, .batchNorm, .pooling, .batchDot, .softmax, .zeros, .fused: return .opaque
        }
    }
}
