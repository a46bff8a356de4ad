extension ShapeRules {
    static func flatten(_ io: inout ShapeIO) throws {
        if let data = io.known(0) {
            guard data.rank > 0 else { throw ShapeIO.fail("data must have at least one axis, found \(data)") }
            try io.setOutput(0, Shape([data[0], data.dims.dropFirst().reduce(1, *)]))
        }
    }

    static func concat(dim: Int, splittingUnknown: Bool, _ io: inout ShapeIO) throws {
        let rank = io.inputs.compactMap { $0?.rank }.first ?? io.outputs[0]?.rank
        guard let rank else { return }
        guard let axis = normalizeAxis(dim, rank: rank) else { throw ShapeIO.fail("dim \(dim) is out of range for rank \(rank)") }
        // Every dimension but `axis` is shared by all inputs and the output.
        var shared = Shape(Array(repeating: 0, count: rank))
        for shape in io.inputs + io.outputs {
            guard let shape else { continue }
            guard shape.rank == rank else { throw ShapeIO.fail("all inputs must have rank \(rank), found \(shape)") }
            var other = shape
            other[axis] = 0
            guard let merged = shared.merged(with: other) else {
                throw ShapeIO.fail("inputs must agree on every axis but \(axis)")
            }
            shared = merged
        }
        for i in io.inputs.indices {
            var s = shared
            s[axis] = io.inputs[i]?[axis] ?? 0
            try io.setInput(i, s)
        }
        let parts = io.inputs.map { $0?[axis] ?? 0 }
        var out = shared
        let known = try ShapeIO.sum(parts, "the sum of the inputs' axis \(axis)")
        out[axis] = parts.contains(0) ? (io.outputs[0]?[axis] ?? 0) : known
        try io.setOutput(0, out)
        // An unknown part is the output's size less the known parts; `_rnn_param_concat` shares
        // that rest evenly among several unknown parts (the first layer's i2h weights).
        let unknown = parts.indices.filter { parts[$0] == 0 }
        guard !unknown.isEmpty, unknown.count == 1 || splittingUnknown, let total = io.outputs[0]?[axis], total > 0 else { return }
        let rest = total - known
        guard rest > 0, rest % unknown.count == 0 else {
            throw ShapeIO.fail("the output's axis \(axis) (\(total)) does not fit the known inputs")
        }
        var s = shared
        s[axis] = rest / unknown.count
        for i in unknown { try io.setInput(i, s) }
    }

    static func transpose(_ axes: [Int], _ io: inout ShapeIO) throws {
        guard let data = io.inputs[0] else { return }
        let order = axes.isEmpty ? Array((0..<data.rank).reversed()) : axes
        guard order.count == data.rank, Set(order) == Set(0..<data.rank) else {
            throw ShapeIO.fail("axes \(order) are not a permutation of \(data.rank) axes")
        }
        try io.setOutput(0, Shape(order.map { data[$0] }))
        if let out = io.outputs[0] {
            var back = data.dims
            for (i, a) in order.enumerated() { back[a] = out[i] }
            try io.setInput(0, Shape(back))
        }
    }

    static func expandDims(_ axis: Int, _ io: inout ShapeIO) throws {
        guard let data = io.inputs[0] else { return }
        guard let at = normalizeAxis(axis, rank: data.rank + 1) else {
            throw ShapeIO.fail("axis \(axis) is out of range for \(data)")
        }
        var dims = data.dims
        dims.insert(1, at: at)
        try io.setOutput(0, Shape(dims))
    }

    static func squeeze(_ axes: [Int]?, _ io: inout ShapeIO) throws {
        guard let data = io.known(0) else { return }
        let drop: Set<Int>
        if let axes {
            var set: Set<Int> = []
            for axis in axes {
                guard let a = normalizeAxis(axis, rank: data.rank) else { throw ShapeIO.fail("axis \(axis) is out of range for \(data)") }
                guard data[a] == 1 else { throw ShapeIO.fail("axis \(axis) has size \(data[a]), not 1") }
                set.insert(a)
            }
            drop = set
        } else {
            drop = Set(data.dims.indices.filter { data[$0] == 1 })
        }
        let kept = data.dims.indices.filter { !drop.contains($0) }.map { data[$0] }
        try io.setOutput(0, Shape(kept.isEmpty ? [1] : kept))
    }

    static func reshape(_ spec: [Int], reverse: Bool, _ io: inout ShapeIO) throws {
        if let data = io.known(0) {
            let out = try Reshape.outputShape(of: data, spec: spec, reverse: reverse)
            try io.setOutput(0, out)
        } else if let data = io.inputs[0], let out = io.knownOutput(0) {
            // One unknown input dimension follows from the element count.
            let unknown = data.dims.indices.filter { data[$0] == 0 }
            if unknown.count == 1 {
                let known = data.dims.filter { $0 > 0 }.reduce(1, *)
                guard out.count % known == 0 else {
                    throw ShapeIO.fail("the output \(out) cannot come from an input \(data)")
                }
                var dims = data.dims
                dims[unknown[0]] = out.count / known
                try io.setInput(0, Shape(dims))
            }
        }
    }
}
