/// The shape of every output of every node, as shape inference found it.
public struct ShapeMap: Hashable, Sendable {
    /// `shapes[node][output]`; nil where the shape stayed unknown.
    public var shapes: [[Shape?]]

    /// The shape of one entry.
    public subscript(entry: Entry) -> Shape? {
        guard entry.node < shapes.count, entry.output < shapes[entry.node].count else { return nil }
        return shapes[entry.node][entry.output]
    }

    /// The shape of a node's first output.
    public subscript(node index: Int) -> Shape? { self[Entry(node: index)] }
}

extension Graph {
    /// Infers every shape from the given input shapes, bound values and `__shape__` hints,
    /// sweeping forward and backward until nothing changes (so parameters and `_zeros` states
    /// get their shapes from the data, as in MXNet). Throws when a rule's shapes cannot fit,
    /// or when `requireComplete` and some shape stays unknown.
    public func inferShapes(_ given: [String: Shape], requireComplete: Bool = true) throws -> ShapeMap {
        var store = nodes.map { Array<Shape?>(repeating: nil, count: $0.op.outputCount) }
        let variableNames = Set(variableIndices.map { nodes[$0].name })
        for name in given.keys.sorted() where !variableNames.contains(name) {
            throw GraphError.unknownInput(name: name, known: dataInputNames)
        }
        for i in variableIndices {
            let node = nodes[i]
            var shape = node.hints["__shape__"].flatMap(Graph.parseShapeHint)
            for source in [values[node.name]?.shape, given[node.name]] {
                guard let source else { continue }
                guard let current = shape else { shape = source; continue }
                guard let merged = current.merged(with: source) else {
                    throw GraphError.shapeMismatch(node: node.name, op: "null", inputs: [current.description],
                                                   message: "given shape \(source) disagrees with the declared \(current)")
                }
                shape = merged
            }
            if let shape, (try? ShapeIO.countable(shape, what: "")) == nil {
                throw GraphError.shapeMismatch(node: node.name, op: "null", inputs: [shape.description],
                                               message: "the shape has more elements than can be counted")
            }
            store[i][0] = shape
        }
        let order = Array(nodes.indices.filter { !nodes[$0].isVariable })
        var changed = true
        var sweep = 0
        while changed && sweep < 2 * nodes.count + 4 {
            changed = false
            for i in sweep % 2 == 0 ? order : order.reversed() {
                if try applyRule(at: i, to: &store) { changed = true }
            }
            sweep += 1
        }
        if requireComplete { try checkComplete(store) }
        return ShapeMap(shapes: store)
    }

    /// Runs node `i`'s rule on the store; returns whether any shape changed.
    private func applyRule(at i: Int, to store: inout [[Shape?]]) throws -> Bool {
        let node = nodes[i]
        let names = node.op.inputNames(count: node.inputs.count)
        var io = ShapeIO(inputs: node.inputs.map { store[$0.node][$0.output] }, outputs: store[i], inputNames: names)
        do { try node.op.inferShapes(&io) } catch let failure as ShapeIO.Failure {
            let seen = node.inputs.indices.map { k in
                "\(k < names.count ? names[k] : "arg\(k)")=\(store[node.inputs[k].node][node.inputs[k].output]?.description ?? "?")"
            }
            let chain = dataChain(to: i, store)
            let message = failure.message + (chain.isEmpty ? "" : "; data reached it through " + chain)
            throw GraphError.shapeMismatch(node: node.name, op: node.op.mxnetName, inputs: seen, message: message)
        }
        var changed = false
        for (k, input) in node.inputs.enumerated() where io.inputs[k] != store[input.node][input.output] {
            store[input.node][input.output] = io.inputs[k]
            changed = true
        }
        if io.outputs != store[i] {
            store[i] = io.outputs
            changed = true
        }
        return changed
    }

    /// The path of the data (each node's first input) from a graph input to node `i`, with
    /// shapes: `image (1, 4, 224, 224) -> … -> conv0_fwd (1, 64, 112, 112)`, at most four hops.
    private func dataChain(to i: Int, _ store: [[Shape?]]) -> String {
        var hops: [String] = []
        var entry = nodes[i].inputs.first
        while let current = entry {
            let node = nodes[current.node]
            hops.append("\(node.name) \(store[current.node][current.output]?.description ?? "?")")
            entry = node.inputs.first
        }
        guard !hops.isEmpty else { return "" }
        let shown = hops.count > 4 ? [hops[hops.count - 1], "…"] + hops.prefix(3).reversed() : hops.reversed()
        return shown.joined(separator: " -> ")
    }

    private func checkComplete(_ store: [[Shape?]]) throws {
        for (i, outputs) in store.enumerated() {
            for shape in outputs where !(shape?.isComplete ?? false) {
                let node = nodes[i]
                let message = node.isVariable
                    ? "the shape of input '\(node.name)' is unknown\(shape.map { " (\($0))" } ?? ""); give it with --shape \(node.name)=..."
                    : "the output shape could not be inferred\(shape.map { " (got \($0))" } ?? "")"
                throw GraphError.shapeUnresolved(node: node.name, op: node.op.mxnetName, message: message)
            }
        }
    }

    /// Parses a `__shape__` hint such as `(512, 0)`; nil when it does not parse.
    public static func parseShapeHint(_ text: String) -> Shape? {
        let reader = AttributeReader(node: "", op: "", attributes: ["s": text])
        guard let dims = try? reader.optionalTuple("s"), dims.allSatisfy({ $0 >= 0 }) else { return nil }
        return Shape(dims)
    }
}
