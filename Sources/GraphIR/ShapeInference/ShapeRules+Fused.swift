extension ShapeRules {
    static func fused(_ op: FusedOp, _ io: inout ShapeIO) throws {
        switch op {
        case let .convolution(a, epilogue):
            guard epilogue.residual else { return try convolution(a, &io) }
            try withoutLastInput(&io) { try convolution(a, &$0) }
            let residual = io.inputs.count - 1
            if let shape = io.outputs[0] { try io.setInput(residual, shape) }
            if let shape = io.inputs[residual] { try io.setOutput(0, shape) }
        case let .fullyConnected(a, _): try fullyConnected(a, &io)
        case let .batchNorm(a, _): try batchNorm(a, &io)
        case let .batchMajorRNN(a):
            // The RNN's rule on a time-major view of the data.
            var view = io
            view.inputs[0] = io.inputs[0].map(swappingLeadingAxes)
            try rnn(a, &view)
            io.outputs = view.outputs
            for k in 1..<io.inputs.count { io.inputs[k] = view.inputs[k] }
            if let data = view.inputs[0] { try io.setInput(0, swappingLeadingAxes(data)) }
        case let .elementwise(program): try elementwise(program, &io)
        }
    }

    /// Runs `rule` on `io` without its last input (a fused residual).
    private static func withoutLastInput(_ io: inout ShapeIO, _ rule: (inout ShapeIO) throws -> Void) throws {
        var inner = ShapeIO(inputs: Array(io.inputs.dropLast()), outputs: io.outputs,
                            inputNames: Array(io.inputNames.dropLast()))
        try rule(&inner)
        io.inputs.replaceSubrange(0..<inner.inputs.count, with: inner.inputs)
        io.outputs = inner.outputs
    }

    /// A shape with its first two axes exchanged (NTC ⇄ TNC).
    private static func swappingLeadingAxes(_ shape: Shape) -> Shape {
        guard shape.rank >= 2 else { return shape }
        var dims = shape.dims
        dims.swapAt(0, 1)
        return Shape(dims)
    }

    /// Runs each step's rule forward from the inputs' shapes.
    private static func elementwise(_ program: ElementwiseProgram, _ io: inout ShapeIO) throws {
        var results: [Shape?] = []
        for (index, step) in program.steps.enumerated() {
            let operands = step.operands.map { operand -> Shape? in
                switch operand {
                case let .input(k): return k < io.inputs.count ? io.inputs[k] : nil
                case let .step(k): return k < results.count ? results[k] : nil
                }
            }
            var stepIO = ShapeIO(inputs: operands, outputs: [nil], inputNames: step.op.inputNames(count: operands.count))
            do { try step.op.inferShapes(&stepIO) } catch let failure as ShapeIO.Failure {
                throw ShapeIO.fail("step t\(index) (\(step.op.mxnetName)): \(failure.message)")
            }
            results.append(stepIO.outputs[0])
        }
        if let result = results.last ?? nil { try io.setOutput(0, result) }
    }
}
