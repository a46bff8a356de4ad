import GraphIR

/// How both plot styles show the ops the optimization passes fuse: by their parts.
extension FusedOp {
    /// The op the fusion is built around, by which the node is coloured, costed and clustered:
    /// the Convolution, FullyConnected, BatchNorm or RNN; nil for an elementwise program.
    var dominantOp: Op? {
        switch self {
        case let .convolution(a, _): return .convolution(a)
        case let .fullyConnected(a, _): return .fullyConnected(a)
        case let .batchNorm(a, _): return .batchNorm(a)
        case let .batchMajorRNN(a): return .rnn(a)
        case .elementwise: return nil
        }
    }

    /// `Convolution\n3x3/1x1, 64\n+ relu`, `BatchNorm + relu`, `elemwise: mul, +1e-09, div` …:
    /// the dominant op's label, then what was fused into it.
    var label: String {
        switch self {
        case let .convolution(a, epilogue):
            let parts = (epilogue.residual ? ["add"] : []) + (epilogue.activation.map { [$0.rawValue] } ?? [])
            let tail = parts.map { "+ " + $0 }.joined(separator: " ")
            return convolutionLabel(a) + (tail.isEmpty ? "" : "\n" + tail)
        case let .fullyConnected(a, activation): return fullyConnectedLabel(a) + "\n+ " + activation.rawValue
        case let .batchNorm(_, activation): return "BatchNorm + " + activation.rawValue
        case let .batchMajorRNN(a): return rnnLabel(a) + "\n(reads NTC)"
        case let .elementwise(program):
            return "elemwise: " + program.steps.filter { $0.op.pattern != .view }.map { stepWord($0.op) }.joined(separator: ", ")
        }
    }
}

/// `RNN lstm\n2 layers, bidirectional, 128`.
func rnnLabel(_ r: RNN) -> String {
    "RNN \(r.mode)\n\(r.numLayers) layer\(r.numLayers == 1 ? "" : "s"), "
        + "\(r.bidirectional ? "bidirectional" : "unidirectional"), \(r.stateSize)"
}

/// One step of an elementwise program in a word: `mul`, `+1e-09`, `relu`.
private func stepWord(_ op: Op) -> String {
    switch op {
    case let .elemwise(kind), let .broadcast(kind): return kind.rawValue
    case let .unary(kind): return kind.rawValue
    case let .activation(kind): return kind.rawValue
    case let .scalar(kind, _):
        let s = op.mxnetAttributes["scalar"] ?? ""
        switch kind {
        case .plus: return "+" + s
        case .minus: return "-" + s
        case .rminus: return s + "-"
        case .mul: return "*" + s
        case .div: return "/" + s
        case .rdiv: return s + "/"
        case .power: return "^" + s
        case .maximum: return "max " + s
        case .minimum: return "min " + s
        }
    default: return op.mxnetName
    }
}

/// The name whose scopes place node `index` in the layer view. A fused node is named after the
/// last node it replaced (`…_relu0_fwd` computes conv0 + relu0), so it is placed by its first
/// parameter input instead (`…_conv0_folded_weight`, `…_batchnorm2_gamma`), which the dominant
/// op's layer made; when that input is not a variable in a scope, by its own name.
func layerName(_ graph: Graph, node index: Int) -> String {
    let node = graph.nodes[index]
    guard case .fused = node.op else { return node.name }
    let slots = node.op.inputNames(count: node.inputs.count)
    guard let k = slots.firstIndex(where: { ["weight", "gamma", "parameters"].contains($0) }), k < node.inputs.count,
          graph.nodes.indices.contains(node.inputs[k].node) else { return node.name }
    let parameter = graph.nodes[node.inputs[k].node]
    return parameter.isVariable && !nameScopes(parameter.name).isEmpty ? parameter.name : node.name
}
