import GraphIR

/// Kernels of the ops that carry an epilogue, and of the fused ops the passes make.
extension KernelBinder {
    func bind(_ fused: FusedOp, inputs: [Shape], output: Shape, fail: (String) -> RuntimeError) throws -> BoundKernel {
        switch fused {
        case let .convolution(a, epilogue):
            return try convolution(a, data: inputs[0], output: output, epilogue: epilogue, fail: fail)
        case let .fullyConnected(a, activation):
            return try fullyConnected(a, data: inputs[0], activation: try function(activation, fail))
        case let .batchNorm(a, activation):
            return try batchNorm(a, data: inputs[0], activation: try function(activation, fail), fail: fail)
        case let .batchMajorRNN(a):
            return try lstm(a, data: inputs[0], batchMajor: true)
        case let .elementwise(program):
            guard inputs.allSatisfy({ $0.count == output.count }) else {
                throw fail("every input must have the output's \(output.count) elements, found \(inputs.map(\.description))")
            }
            let kernel = try elementwiseKernel(program, inputCount: inputs.count, count: output.count, fail: fail)
            return BoundKernel(cost: Double(output.count * kernel.stepCount)) { i, o, _, t in
                kernel.apply(inputs: i, output: o[0], threads: t)
            }
        }
    }

    func fullyConnected(_ a: GraphIR.FullyConnected, data: Shape, activation: ActivationFunction?) throws -> BoundKernel {
        let inUnits = a.flatten ? data.dims.dropFirst().reduce(1, *) : data.dims.last ?? 1
        let kernel = try FullyConnectedKernel(rows: data.count / max(inUnits, 1), inputSize: inUnits, outputSize: a.numHidden)
        let hasBias = !a.noBias
        return BoundKernel(cost: Double(data.count * a.numHidden)) { i, o, _, t in
            kernel.apply(input: i[0], weight: i[1], bias: hasBias ? i[2] : nil, activation: activation, output: o[0], threads: t)
        }
    }

    /// An LSTM over TNC data, or NTC data when `batchMajor`.
    func lstm(_ a: RNN, data: Shape, batchMajor: Bool) throws -> BoundKernel {
        let (steps, batch) = batchMajor ? (data[1], data[0]) : (data[0], data[1])
        let kernel = try LSTMKernel(sequenceLength: steps, batch: batch, inputSize: data[2], hiddenSize: a.stateSize,
                                    layers: a.numLayers, bidirectional: a.bidirectional, batchMajorInput: batchMajor)
        let states = a.stateOutputs
        let h = Double(a.stateSize), gates = 4 * h
        let cost = Double(steps * batch * a.numLayers * a.directions) * gates * (Double(max(data[2], a.directions * a.stateSize)) + h)
        return BoundKernel(scratchCount: kernel.scratchCount, cost: cost) { i, o, s, t in
            kernel.apply(input: i[0], parameters: i[1], initialHidden: i[2], initialCell: i[3], output: o[0],
                         finalHidden: states ? o[1] : nil, finalCell: states ? o[2] : nil, scratch: s, threads: t)
        }
    }

    /// A convolution whose residual, when the epilogue has one, is the last input.
    func convolution(_ a: GraphIR.Convolution, data: Shape, output: Shape, epilogue: ConvolutionEpilogue,
                     fail: (String) -> RuntimeError) throws -> BoundKernel {
        let kernel = try ConvolutionKernel(
            batch: data[0], inputChannels: data[1], inputSize: Size2D(data[2], data[3]), outputChannels: a.numFilter,
            kernel: Size2D(a.kernel[0], a.kernel[1]), stride: Size2D(a.stride[0], a.stride[1]),
            pad: Size2D(a.pad[0], a.pad[1]), dilation: Size2D(a.dilate[0], a.dilate[1]), groups: a.numGroup)
        let hasBias = !a.noBias
        let residual = epilogue.residual ? (hasBias ? 3 : 2) : nil
        let activation = try epilogue.activation.map { try function($0, fail) }
        let cost = Double(output.count * data[1] / a.numGroup * a.kernel[0] * a.kernel[1])
        var bound = BoundKernel(scratchCount: kernel.scratchCount, cost: cost) { i, o, s, t in
            kernel.apply(input: i[0], weight: i[1], bias: hasBias ? i[2] : nil, residual: residual.map { i[$0] },
                         activation: activation, output: o[0], scratch: s, threads: t)
        }
        bound.packing = kernel.winogradPacking(hasBias: hasBias, residual: residual, activation: activation)
        return bound
    }

    func batchNorm(_ a: GraphIR.BatchNorm, data: Shape, activation: ActivationFunction?,
                   fail: (String) -> RuntimeError) throws -> BoundKernel {
        let axis = a.axis < 0 ? a.axis + data.rank : a.axis
        guard data.dims.indices.contains(axis) else { throw fail("axis \(a.axis) is out of range for \(data)") }
        let kernel = try BatchNormKernel(batch: data.dims[..<axis].reduce(1, *), channels: data[axis],
                                         spatialCount: data.dims[(axis + 1)...].reduce(1, *),
                                         epsilon: Float(a.eps), fixGamma: a.fixGamma)
        return BoundKernel(cost: Double(data.count)) { i, o, _, t in
            kernel.apply(input: i[0], gamma: i[1], beta: i[2], mean: i[3], variance: i[4], output: o[0],
                         activation: activation, threads: t)
        }
    }

    private func function(_ kind: ActivationKind, _ fail: (String) -> RuntimeError) throws -> ActivationFunction {
        guard let function = ActivationFunction(rawValue: kind.rawValue) else { throw fail("no kernel for \(kind.rawValue)") }
        return function
    }

    /// The program's computing steps, with views resolved to the operand they show.
    private func elementwiseKernel(_ program: ElementwiseProgram, inputCount: Int, count: Int,
                                   fail: (String) -> RuntimeError) throws -> ElementwiseProgramKernel {
        var resolved: [ElementwiseProgramKernel.Operand] = []
        var steps: [ElementwiseProgramKernel.Step] = []
        for step in program.steps {
            let operands = try step.operands.map { operand -> ElementwiseProgramKernel.Operand in
                switch operand {
                case let .input(k): return .input(k)
                case let .step(k):
                    guard k >= 0, k < resolved.count else { throw fail("step t\(k) is read before it is computed") }
                    return resolved[k]
                }
            }
            if step.op.isView, operands.count == 1 {
                resolved.append(operands[0])
                continue
            }
            steps.append(.init(operation: try operation(step.op, fail), operands: operands))
            resolved.append(.step(steps.count - 1))
        }
        guard let result = resolved.last, result == .step(steps.count - 1) else {
            throw fail("the program's result is not its last computing step")
        }
        return try ElementwiseProgramKernel(steps: steps, inputCount: inputCount, count: count)
    }

    private func operation(_ op: Op, _ fail: (String) -> RuntimeError) throws -> ElementwiseProgramKernel.Operation {
        switch op {
        case let .elemwise(kind):
            if let binary = BinaryOperator(rawValue: kind.rawValue) { return .binary(binary) }
        case let .scalar(kind, value):
            if let scalar = ScalarOperator(rawValue: kind.rawValue) { return .scalar(scalar, Float(value)) }
        case let .unary(kind):
            if let unary = UnaryOperator(rawValue: kind.rawValue) { return .unary(unary) }
        case let .activation(kind):
            return .activation(try function(kind, fail))
        default:
            break
        }
        throw fail("\(op.mxnetName) cannot run inside a fused elementwise kernel")
    }
}
