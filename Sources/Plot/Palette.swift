import GraphIR

/// The eight fill colours of `mx.viz.plot_network`, shared by both plot styles.
enum Palette {
    static let input = "#8dd3c7"
    static let dense = "#fb8072"
    static let activation = "#ffffb3"
    static let normalization = "#bebada"
    static let pooling = "#80b1d3"
    static let layout = "#fdb462"
    static let softmax = "#b3de69"
    static let other = "#fccde5"

    /// The colour MXNet gives a node by its op name (`null` for variables).
    static func color(mxnetOp name: String) -> String {
        switch name {
        case "null": return input
        case "Convolution", "FullyConnected": return dense
        case "Activation", "LeakyReLU": return activation
        case "BatchNorm": return normalization
        case "Pooling": return pooling
        case "Concat", "Flatten", "Reshape": return layout
        case "Softmax": return softmax
        default: return other
        }
    }

    /// The colour of an op of the IR; a fused op has the colour of its dominant op.
    static func color(_ op: Op) -> String {
        if case let .fused(fused) = op, let dominant = fused.dominantOp { return color(dominant) }
        return color(mxnetOp: op.mxnetName)
    }
}

/// Parameter-like variable names that `plot_network(hide_weights=True)` leaves out.
func looksLikeWeight(_ name: String) -> Bool {
    ["_weight", "_bias", "_beta", "_gamma", "_moving_var", "_moving_mean", "_running_var", "_running_mean"]
        .contains { name.hasSuffix($0) }
}

/// An edge label: the shape without its first (batch) dimension, `128` or `64x56x56`;
/// unknown dimensions show as `?`.
func edgeLabel(_ shape: Shape?) -> String {
    guard let shape else { return "" }
    return shape.dims.dropFirst().map { $0 > 0 ? String($0) : "?" }.joined(separator: "x")
}

/// Indices of the nodes the graph's outputs depend on, in graph order (what `symbol.tojson()` lists).
func reachableNodes(_ graph: Graph) -> [Int] {
    var needed = Array(repeating: false, count: graph.nodes.count)
    var stack = graph.outputs.map(\.node).filter { graph.nodes.indices.contains($0) }
    while let index = stack.popLast() {
        guard !needed[index] else { continue }
        needed[index] = true
        stack += graph.nodes[index].inputs.map(\.node).filter { graph.nodes.indices.contains($0) && !needed[$0] }
    }
    return graph.nodes.indices.filter { needed[$0] }
}
