extension ShapeRules {
    static func fullyConnected(_ a: FullyConnected, _ io: inout ShapeIO) throws {
        if let data = io.inputs[0], data.rank == 0 { throw ShapeIO.fail("data must have at least one axis, found \(data)") }
        var inUnits = 0
        if let data = io.inputs[0], data.rank > 0 {
            if a.flatten {
                if data.isComplete { inUnits = data.dims.dropFirst().reduce(1, *) }
                try io.setOutput(0, Shape([data[0], a.numHidden]))
            } else {
                inUnits = data.dims[data.rank - 1]
                try io.setOutput(0, Shape(data.dims.dropLast() + [a.numHidden]))
            }
        }
        try io.setInput(1, Shape([a.numHidden, inUnits]))
        if !a.noBias { try io.setInput(2, Shape([a.numHidden])) }
        if let weight = io.known(1), let data = io.inputs[0], data.rank > 0, inUnits == 0 {
            if !a.flatten {
                var dims = data.dims
                dims[dims.count - 1] = weight[1]
                try io.setInput(0, Shape(dims))
            } else if data.rank == 2 {
                try io.setInput(0, Shape([data[0], weight[1]]))
            }
        }
        if let data = io.known(0), let weight = io.known(1) {
            let units = a.flatten ? data.dims.dropFirst().reduce(1, *) : data.dims[data.rank - 1]
            guard weight[1] == units else {
                throw ShapeIO.fail("weight must be (\(a.numHidden), \(units)) for this input, found \(weight)")
            }
        }
    }

    static func embedding(_ a: Embedding, _ io: inout ShapeIO) throws {
        try io.setInput(1, Shape([a.inputDim, a.outputDim]))
        if let data = io.inputs[0] { try io.setOutput(0, Shape(data.dims + [a.outputDim])) }
    }

    static func rnn(_ a: RNN, _ io: inout ShapeIO) throws {
        let layers = try ShapeIO.product([a.numLayers, a.directions], "num_layers \(a.numLayers) × directions")
        if let data = io.inputs[0] {
            guard data.rank == 3 else { throw ShapeIO.fail("data must be (sequence, batch, features), found \(data)") }
            let width = try ShapeIO.product([a.directions, a.stateSize], "directions × state_size \(a.stateSize)")
            try io.setOutput(0, Shape([data[0], data[1], width]))
            let state = Shape([layers, data[1], a.stateSize])
            try io.setInput(2, state)
            try io.setInput(3, state)
            if a.stateOutputs {
                try io.setOutput(1, state)
                try io.setOutput(2, state)
            }
            if data[2] > 0 {
                guard let count = a.packedParameterCount(inputSize: data[2]) else {
                    throw ShapeIO.fail("the packed parameters of \(a.numLayers) layers of \(a.stateSize) units are too many to count")
                }
                try io.setInput(1, Shape([count]))
            }
        }
        if let state = io.inputs[2], state.rank == 3, let data = io.inputs[0], data[1] == 0, state[1] > 0 {
            try io.setInput(0, Shape([data[0], state[1], data[2]]))
        }
    }

    static func batchNorm(_ a: BatchNorm, _ io: inout ShapeIO) throws {
        if let data = io.inputs[0] {
            guard let axis = normalizeAxis(a.axis, rank: data.rank) else {
                throw ShapeIO.fail("axis \(a.axis) is out of range for data \(data)")
            }
            let channels = Shape([data[axis]])
            for i in 1...4 { try io.setInput(i, channels) }
        }
        try sameShape(&io, inputCount: 1)
    }
}
