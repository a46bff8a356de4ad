import GraphIR

/// Binds a node's op to a kernel for its inferred shapes.
struct KernelBinder {
    let clipEmbeddingIndices: Bool

    func bind(_ node: Node, inputs: [Shape], outputs: [Shape]) throws -> BoundKernel {
        let fail = { (message: String) in RuntimeError.unsupported(node: node.name, op: node.op.mxnetName, message: message) }
        let out = outputs[0]
        switch node.op {
        case let .fullyConnected(a):
            let data = inputs[0]
            let inUnits = a.flatten ? data.dims.dropFirst().reduce(1, *) : data.dims.last ?? 1
            let kernel = try FullyConnectedKernel(rows: data.count / max(inUnits, 1), inputSize: inUnits, outputSize: a.numHidden)
            let hasBias = !a.noBias
            return BoundKernel(cost: Double(data.count * a.numHidden)) { i, o, _, t in
                kernel.apply(input: i[0], weight: i[1], bias: hasBias ? i[2] : nil, output: o[0], threads: t)
            }
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
            let data = inputs[0]
            let kernel = try LSTMKernel(sequenceLength: data[0], batch: data[1], inputSize: data[2], hiddenSize: a.stateSize,
                                        layers: a.numLayers, bidirectional: a.bidirectional)
            let states = a.stateOutputs
            let h = Double(a.stateSize), gates = 4 * h
            let cost = Double(data[0] * data[1] * a.numLayers * a.directions) * gates * (Double(max(data[2], a.directions * a.stateSize)) + h)
            return BoundKernel(scratchCount: kernel.scratchCount, cost: cost) { i, o, s, t in
                kernel.apply(input: i[0], parameters: i[1], initialHidden: i[2], initialCell: i[3], output: o[0],
                             finalHidden: states ? o[1] : nil, finalCell: states ? o[2] : nil, scratch: s, threads: t)
            }
        case let .convolution(a):
            let data = inputs[0]
            let kernel = try ConvolutionKernel(
                batch: data[0], inputChannels: data[1], inputSize: Size2D(data[2], data[3]), outputChannels: a.numFilter,
                kernel: Size2D(a.kernel[0], a.kernel[1]), stride: Size2D(a.stride[0], a.stride[1]),
                pad: Size2D(a.pad[0], a.pad[1]), dilation: Size2D(a.dilate[0], a.dilate[1]), groups: a.numGroup)
            let hasBias = !a.noBias
            let cost = Double(out.count * data[1] / a.numGroup * a.kernel[0] * a.kernel[1])
            var bound = BoundKernel(scratchCount: kernel.scratchCount, cost: cost) { i, o, s, t in
                kernel.apply(input: i[0], weight: i[1], bias: hasBias ? i[2] : nil, output: o[0], scratch: s, threads: t)
            }
            bound.packing = kernel.winogradPacking(hasBias: hasBias)
            return bound
        case let .batchNorm(a):
            let data = inputs[0]
            guard let axis = data.dims.indices.contains(a.axis < 0 ? a.axis + data.rank : a.axis) ? (a.axis < 0 ? a.axis + data.rank : a.axis) : nil else {
                throw fail("axis \(a.axis) is out of range for \(data)")
            }
            let kernel = try BatchNormKernel(batch: data.dims[..<axis].reduce(1, *), channels: data[axis],
                                             spatialCount: data.dims[(axis + 1)...].reduce(1, *),
                                             epsilon: Float(a.eps), fixGamma: a.fixGamma)
            return BoundKernel(cost: Double(data.count)) { i, o, _, t in
                kernel.apply(input: i[0], gamma: i[1], beta: i[2], mean: i[3], variance: i[4], output: o[0], threads: t)
            }
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
        case let .softmax(axis):
            let data = inputs[0]
            guard let a = data.dims.indices.last, axis == a || axis == -1 else { throw fail("softmax runs over the last axis only") }
            let kernel = try SoftmaxKernel(rows: data.count / max(data[a], 1), columns: data[a])
            return BoundKernel(cost: Double(data.count)) { i, o, _, t in kernel.apply(i[0], to: o[0], threads: t) }
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
