import GraphIR

/// Binds a node's op to a kernel for its inferred shapes.
struct KernelBinder {
    let clipEmbeddingIndices: Bool

    func bind(_ node: Node, inputs: [Shape], outputs: [Shape]) throws -> BoundKernel {
        let fail = { (message: String) in RuntimeError.unsupported(node: node.name, op: node.op.mxnetName, message: message) }
        let out = outputs[0]
        switch node.op {
        case let .fullyConnected(a):
            return try fullyConnected(a, data: inputs[0], activation: nil)
        case let .activation(kind):
            let activation = ActivationFunction(rawValue: kind.rawValue) ?? .relu
            let count = out.count
            return BoundKernel(cost: Double(count)) { i, o, _, t in activation.apply(i[0], to: o[0], count: count, threads: t) }
        case let .embedding(a):
            let kernel = try EmbeddingKernel(inputDim: a.inputDim, outputDim: a.outputDim, clip: clipEmbeddingIndices)
            let count = inputs[0].count
            return BoundKernel(cost: Double(out.count)) { i, o, _, t in
                try kernel.apply(indices: i[0], count: count, weight: i[1], output: o[0], threads: t)
            }
        case let .rnn(a):
            return try lstm(a, data: inputs[0], batchMajor: false)
        case let .convolution(a):
            return try convolution(a, data: inputs[0], output: out, epilogue: ConvolutionEpilogue(), fail: fail)
        case let .batchNorm(a):
            return try batchNorm(a, data: inputs[0], activation: nil, fail: fail)
        case let .pooling(a):
            let data = inputs[0]
            let kind: PoolingKernel.Kind = a.kind == .max ? .max : a.kind == .avg ? .average : .sum
            let kernel = try PoolingKernel(
                kind: kind, batch: data[0], channels: data[1], inputSize: Size2D(data[2], data[3]),
                kernel: Size2D(a.kernel[0], a.kernel[1]), stride: Size2D(a.stride[0], a.stride[1]),
                pad: Size2D(a.pad[0], a.pad[1]), convention: a.convention == .full ? .full : .valid,
                global: a.globalPool, countIncludePad: a.countIncludePad)
            return BoundKernel(cost: Double(data.count)) { i, o, _, t in kernel.apply(input: i[0], output: o[0], threads: t) }
        case let .concat(dim), let .rnnParamConcat(dim):
            let kernel = try ConcatKernel(shapes: inputs.map(\.dims), axis: dim < 0 ? dim + out.rank : dim)
            return BoundKernel(cost: Double(out.count)) { i, o, _, t in kernel.apply(inputs: i, output: o[0], threads: t) }
        case let .transpose(axes):
            let kernel = try TransposeKernel(shape: inputs[0].dims, axes: axes.isEmpty ? nil : axes)
            return BoundKernel(cost: Double(out.count)) { i, o, _, t in kernel.apply(i[0], to: o[0], threads: t) }
        case let .reduce(a):
            let kernel = try ReductionKernel(shape: inputs[0].dims, axes: a.axes, keepDims: a.keepDims, exclude: a.exclude)
            let mean = a.kind == .mean
            return BoundKernel(cost: Double(inputs[0].count)) { i, o, _, t in
                if mean { kernel.mean(i[0], to: o[0], threads: t) } else { kernel.sum(i[0], to: o[0], threads: t) }
            }
        case let .norm(a):
            let kernel = try ReductionKernel(shape: inputs[0].dims, axes: a.axes, keepDims: a.keepDims)
            let count = inputs[0].count
            guard a.ord == 2 else {
                return BoundKernel(scratchCount: count, cost: Double(count)) { i, o, s, t in
                    guard let s else { return }
                    UnaryOperator.abs.apply(i[0], to: s, count: count, threads: t)
                    kernel.sum(s, to: o[0], threads: t)
                }
            }
            return BoundKernel(cost: Double(count)) { i, o, _, t in kernel.norm(i[0], to: o[0], threads: t) }
        case let .batchDot(ta, tb):
            let kernel = try BatchDotKernel(lhs: inputs[0].dims, rhs: inputs[1].dims, transposeA: ta, transposeB: tb)
            return BoundKernel(cost: Double(out.count * (ta ? inputs[0][1] : inputs[0][2]))) { i, o, _, t in
                kernel.apply(i[0], i[1], to: o[0], threads: t)
            }
        case let .elemwise(kind):
            guard let op = BinaryOperator(rawValue: kind.rawValue) else { throw fail("no kernel for \(kind.rawValue)") }
            let count = out.count
            return BoundKernel(cost: Double(count)) { i, o, _, t in op.apply(i[0], i[1], to: o[0], count: count, threads: t) }
        case let .broadcast(kind):
            guard let op = BinaryOperator(rawValue: kind.rawValue) else { throw fail("no kernel for \(kind.rawValue)") }
            let kernel = try BroadcastKernel(lhs: inputs[0].dims, rhs: inputs[1].dims)
            return BoundKernel(cost: Double(out.count)) { i, o, _, t in kernel.apply(op, i[0], i[1], to: o[0], threads: t) }
        case let .scalar(kind, value):
            guard let op = ScalarOperator(rawValue: kind.rawValue) else { throw fail("no kernel for _\(kind.rawValue)_scalar") }
            let count = out.count, scalar = Float(value)
            return BoundKernel(cost: Double(count)) { i, o, _, t in op.apply(i[0], scalar: scalar, to: o[0], count: count, threads: t) }
        case let .unary(kind):
            guard let op = UnaryOperator(rawValue: kind.rawValue) else { throw fail("no kernel for \(kind.rawValue)") }
            let count = out.count
            return BoundKernel(cost: Double(count)) { i, o, _, t in op.apply(i[0], to: o[0], count: count, threads: t) }
        case let .softmax(axis, temperature):
            let data = inputs[0]
            guard let a = data.dims.indices.last, axis == a || axis == -1 else { throw fail("softmax runs over the last axis only") }
            guard temperature > 0 else { throw fail("temperature \(temperature) must be positive") }
            let kernel = try SoftmaxKernel(rows: data.count / max(data[a], 1), columns: data[a], temperature: Float(temperature))
            return BoundKernel(cost: Double(data.count)) { i, o, _, t in kernel.apply(i[0], to: o[0], threads: t) }
        case let .fused(fused):
            return try bind(fused, inputs: inputs, output: out, fail: fail)
        case .variable, .zeros, .reshape, .flatten, .expandDims, .squeeze, .dropout, .identity:
            throw fail("is not a computing op")
        }
    }
}

extension Op {
    /// Ops whose output is their input's data under another shape: run as views, never copied.
    var isView: Bool {
        switch self {
        case .reshape, .flatten, .expandDims, .squeeze, .dropout, .identity: return true
        default: return false
        }
    }
}
