extension ShapeRules {
    /// Inputs and outputs share one shape (elementwise ops); `inputCount` limits which inputs.
    static func sameShape(_ io: inout ShapeIO, inputCount: Int? = nil) throws {
        let inputs = Array(io.inputs.prefix(inputCount ?? io.inputs.count).indices)
        var shape: Shape?
        for candidate in inputs.map({ io.inputs[$0] }) + [io.outputs[0]] {
            guard let candidate else { continue }
            guard let current = shape else { shape = candidate; continue }
            guard let merged = current.merged(with: candidate) else {
                let found = inputs.map { io.inputs[$0].map(\.description) ?? "?" }.joined(separator: " and ")
                throw ShapeIO.fail("operands must have one shape, found \(found)")
            }
            shape = merged
        }
        guard let shape else { return }
        for i in inputs { try io.setInput(i, shape) }
        try io.setOutput(0, shape)
    }

    static func broadcast(_ io: inout ShapeIO) throws {
        guard let a = io.known(0), let b = io.known(1) else { return }
        let rank = max(a.rank, b.rank)
        let pa = Array(repeating: 1, count: rank - a.rank) + a.dims
        let pb = Array(repeating: 1, count: rank - b.rank) + b.dims
        var out: [Int] = []
        for (x, y) in zip(pa, pb) {
            guard x == y || x == 1 || y == 1 else { throw ShapeIO.fail("\(a) and \(b) do not broadcast") }
            out.append(max(x, y))
        }
        try io.setOutput(0, Shape(out))
    }

    static func reduce(axes: [Int]?, keepDims: Bool, exclude: Bool, _ io: inout ShapeIO) throws {
        guard let data = io.inputs[0] else { return }
        var chosen: Set<Int> = []
        for axis in axes ?? Array(0..<data.rank) {
            guard let a = normalizeAxis(axis, rank: data.rank) else {
                throw ShapeIO.fail("axis \(axis) is out of range for \(data)")
            }
            chosen.insert(a)
        }
        if exclude { chosen = Set(0..<data.rank).subtracting(chosen) }
        var out: [Int] = []
        for i in 0..<data.rank {
            if !chosen.contains(i) { out.append(data[i]) } else if keepDims { out.append(1) }
        }
        try io.setOutput(0, Shape(out.isEmpty ? [1] : out))
    }

    static func batchDot(transposeA: Bool, transposeB: Bool, _ io: inout ShapeIO) throws {
        guard let a = io.known(0), let b = io.known(1) else { return }
        guard a.rank == 3, b.rank == 3 else { throw ShapeIO.fail("operands must be 3-D, found \(a) and \(b)") }
        guard a[0] == b[0] else { throw ShapeIO.fail("batch sizes differ: \(a) and \(b)") }
        let (m, k) = transposeA ? (a[2], a[1]) : (a[1], a[2])
        let (k2, n) = transposeB ? (b[2], b[1]) : (b[1], b[2])
        guard k == k2 else { throw ShapeIO.fail("inner dimensions differ: \(k) and \(k2) (\(a) and \(b))") }
        try io.setOutput(0, Shape([a[0], m, n]))
    }
}
