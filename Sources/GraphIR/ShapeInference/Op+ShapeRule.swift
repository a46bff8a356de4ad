extension Op {
    /// Fills what this op determines of its inputs' and outputs' shapes.
    func inferShapes(_ io: inout ShapeIO) throws {
        switch self {
        case .variable: return
        case let .fullyConnected(a): try ShapeRules.fullyConnected(a, &io)
        case let .embedding(a): try ShapeRules.embedding(a, &io)
        case let .rnn(a): try ShapeRules.rnn(a, &io)
        case let .batchNorm(a): try ShapeRules.batchNorm(a, &io)
        case let .convolution(a): try ShapeRules.convolution(a, &io)
        case let .pooling(a): try ShapeRules.pooling(a, &io)
        case .flatten: try ShapeRules.flatten(&io)
        case let .concat(dim): try ShapeRules.concat(dim: dim, splittingUnknown: false, &io)
        case let .rnnParamConcat(dim): try ShapeRules.concat(dim: dim, splittingUnknown: true, &io)
        case let .transpose(axes): try ShapeRules.transpose(axes, &io)
        case let .reshape(shape, reverse): try ShapeRules.reshape(shape, reverse: reverse, &io)
        case let .expandDims(axis): try ShapeRules.expandDims(axis, &io)
        case let .squeeze(axes): try ShapeRules.squeeze(axes, &io)
        case let .zeros(shape): try io.setOutput(0, Shape(shape))
        case let .reduce(a): try ShapeRules.reduce(axes: a.axes, keepDims: a.keepDims, exclude: a.exclude, &io)
        case let .norm(a): try ShapeRules.reduce(axes: a.axes, keepDims: a.keepDims, exclude: false, &io)
        case .batchDot(let ta, let tb): try ShapeRules.batchDot(transposeA: ta, transposeB: tb, &io)
        case .elemwise: try ShapeRules.sameShape(&io)
        case .broadcast: try ShapeRules.broadcast(&io)
        case .activation, .dropout, .scalar, .unary, .softmax, .identity: try ShapeRules.sameShape(&io)
        case let .fused(f): try ShapeRules.fused(f, &io)
        }
    }
}

/// The per-op shape rules, grouped by family in `ShapeRules+*.swift`.
enum ShapeRules {}
