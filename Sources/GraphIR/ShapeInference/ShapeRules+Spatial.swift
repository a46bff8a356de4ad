extension ShapeRules {
    static func convolution(_ a: Convolution, _ io: inout ShapeIO) throws {
        try io.setInput(1, Shape([a.numFilter, 0] + a.kernel))
        if !a.noBias { try io.setInput(2, Shape([a.numFilter])) }
        guard let data = io.inputs[0] else { return }
        guard data.rank == 4 else { throw ShapeIO.fail("data must be 4-D (N, C, H, W), found \(data)") }
        if data[1] > 0 {
            guard data[1] % a.numGroup == 0, a.numFilter % a.numGroup == 0 else {
                throw ShapeIO.fail("channels \(data[1]) and num_filter \(a.numFilter) must divide by num_group \(a.numGroup)")
            }
            try io.setInput(1, Shape([a.numFilter, data[1] / a.numGroup] + a.kernel))
        } else if let weight = io.inputs[1], weight[1] > 0 {
            let channels = try ShapeIO.product([weight[1], a.numGroup], "weight \(weight) × num_group \(a.numGroup)")
            try io.setInput(0, Shape([data[0], channels, data[2], data[3]]))
        }
        var out = [data[0], a.numFilter, 0, 0]
        for d in 0..<2 where data[2 + d] > 0 {
            let extent = try ShapeIO.sum([ShapeIO.product([a.dilate[d], a.kernel[d] - 1], "dilated kernel"), 1], "dilated kernel")
            let padded = try ShapeIO.sum([data[2 + d], ShapeIO.product([2, a.pad[d]], "padding")], "padded input")
            guard padded >= extent else {
                throw ShapeIO.fail("kernel extent \(extent) exceeds the padded input \(padded) on axis \(2 + d)")
            }
            out[2 + d] = (padded - extent) / a.stride[d] + 1
        }
        try io.setOutput(0, Shape(out))
    }

    static func pooling(_ a: Pooling, _ io: inout ShapeIO) throws {
        guard let data = io.inputs[0] else { return }
        guard data.rank == 4 else { throw ShapeIO.fail("data must be 4-D (N, C, H, W), found \(data)") }
        if a.globalPool {
            try io.setOutput(0, Shape([data[0], data[1], 1, 1]))
            return
        }
        var out = [data[0], data[1], 0, 0]
        for d in 0..<2 where data[2 + d] > 0 {
            let padded = try ShapeIO.sum([data[2 + d], ShapeIO.product([2, a.pad[d]], "padding")], "padded input")
            guard padded >= a.kernel[d] else {
                throw ShapeIO.fail("kernel \(a.kernel[d]) exceeds the padded input \(padded) on axis \(2 + d)")
            }
            _ = try ShapeIO.sum([padded - a.kernel[d], a.stride[d]], "padded input + stride")
            out[2 + d] = a.outputSize(input: data[2 + d], axis: d)
        }
        try io.setOutput(0, Shape(out))
    }
}

extension Pooling {
    /// The output size on spatial axis `axis` (0: height, 1: width): `valid` floors, `full` ceils.
    public func outputSize(input: Int, axis: Int) -> Int {
        if globalPool { return 1 }
        let span = input + 2 * pad[axis] - kernel[axis]
        switch convention {
        case .valid: return span / stride[axis] + 1
        case .full: return (span + stride[axis] - 1) / stride[axis] + 1
        }
    }
}
