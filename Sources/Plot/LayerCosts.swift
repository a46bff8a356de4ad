import GraphIR

/// Which nodes the layer style draws, and what the hidden ones are folded into.
///
/// Parameters (variables named like weights, or feeding a weight, bias, gamma, beta,
/// moving-statistics or packed-parameter input) are hidden and counted. Other variables bound to
/// values are constants, hidden but not counted (a folded `_zeros` begin state is no parameter).
/// So is constant plumbing: an op whose inputs are all parameters or constants (the LSTM's
/// `Reshape`s of its weights, the `_rnn_param_concat`, `_zeros` begin states), unless it is a
/// graph output. Each hidden node belongs to the first drawn node that consumes it, directly or
/// through other hidden nodes.
struct FoldPlan {
    /// The drawn nodes, in graph order.
    var drawn: [Int] = []
    /// The parameter variables.
    var parameters: Set<Int> = []
    /// For each hidden node, the drawn node it is folded into.
    var owner: [Int: Int] = [:]

    private static let parameterSlots: Set<String> = ["weight", "bias", "gamma", "beta", "moving_mean", "moving_var", "parameters"]

    init(_ graph: Graph) {
        let reachable = reachableNodes(graph)
        var constant: Set<Int> = []
        for i in reachable {
            let node = graph.nodes[i]
            if node.isVariable, looksLikeWeight(node.name) { parameters.insert(i) }
            if node.isVariable, graph.values[node.name] != nil { constant.insert(i) }
            let slots = node.op.inputNames(count: node.inputs.count)
            for (k, input) in node.inputs.enumerated()
            where k < slots.count && FoldPlan.parameterSlots.contains(slots[k])
                && graph.nodes.indices.contains(input.node) && graph.nodes[input.node].isVariable {
                parameters.insert(input.node)
            }
        }
        let outputs = Set(graph.outputs.map(\.node))
        constant.formUnion(parameters)
        var hidden = constant
        for i in reachable where !graph.nodes[i].isVariable && graph.nodes[i].inputs.allSatisfy({ constant.contains($0.node) }) {
            constant.insert(i)
            if !outputs.contains(i) { hidden.insert(i) }
        }
        var consumers: [Int: [Int]] = [:]
        for i in reachable { for input in graph.nodes[i].inputs { consumers[input.node, default: []].append(i) } }
        var owners: [Int: Int] = [:]
        for i in reachable.reversed() where hidden.contains(i) {
            for consumer in consumers[i, default: []] {
                guard let target = hidden.contains(consumer) ? owners[consumer] : consumer else { continue }
                owners[i] = target
                break
            }
        }
        owner = owners
        drawn = reachable.filter { !hidden.contains($0) }
    }
}

/// Parameter counts and multiply-adds, added up per node, cluster or graph.
struct Cost: Equatable {
    /// Elements of the parameters whose shapes are known.
    var parameters = 0
    /// How many parameters have an unknown shape.
    var unknownParameters = 0
    /// Multiply-adds of the ops whose cost is known (FullyConnected, Convolution, RNN, batch_dot).
    var multiplyAdds = 0

    static func + (lhs: Cost, rhs: Cost) -> Cost {
        Cost(parameters: saturatingSum(lhs.parameters, rhs.parameters),
             unknownParameters: saturatingSum(lhs.unknownParameters, rhs.unknownParameters),
             multiplyAdds: saturatingSum(lhs.multiplyAdds, rhs.multiplyAdds))
    }

    /// `659,456 params, 19.7M MACs`; parts that are zero are left out.
    var summary: String {
        var parts: [String] = []
        switch (parameters, unknownParameters) {
        case (_, 0) where parameters > 0: parts.append("\(grouped(parameters)) params")
        case (0, 1...): parts.append("? params")
        case (_, 1...): parts.append("\(grouped(parameters)) + ? params")
        default: break
        }
        if multiplyAdds > 0 { parts.append("\(abbreviated(multiplyAdds)) MACs") }
        return parts.joined(separator: ", ")
    }
}

/// The cost of each drawn node: its own multiply-adds and the parameters folded into it.
func nodeCosts(_ graph: Graph, plan: FoldPlan, shapes: ShapeMap?) -> [Int: Cost] {
    var costs: [Int: Cost] = [:]
    for i in plan.drawn { costs[i] = Cost(multiplyAdds: multiplyAdds(graph, node: i, shapes: shapes) ?? 0) }
    for p in plan.parameters.sorted() {
        guard let owner = plan.owner[p] else { continue }
        let dims = shapes?[Entry(node: p)].flatMap { $0.isComplete ? $0.dims : nil } ?? graph.values[graph.nodes[p].name]?.shape.dims
        if let count = dims.flatMap(checkedProduct) {
            costs[owner, default: Cost()].parameters = saturatingSum(costs[owner]?.parameters ?? 0, count)
        } else {
            costs[owner, default: Cost()].unknownParameters += 1
        }
    }
    return costs
}

/// Multiply-adds of one node for the given shapes (a fused op's are those of its dominant op);
/// nil for ops not costed or unknown shapes.
func multiplyAdds(_ graph: Graph, node index: Int, shapes: ShapeMap?) -> Int? {
    let node = graph.nodes[index]
    func dims(_ k: Int) -> [Int]? {
        guard k < node.inputs.count, let shape = shapes?[node.inputs[k]], shape.isComplete else { return nil }
        return shape.dims
    }
    guard let output = shapes?[Entry(node: index)], output.isComplete, let outputCount = checkedProduct(output.dims) else { return nil }
    var op = node.op
    if case let .fused(fused) = op, let dominant = fused.dominantOp { op = dominant }
    switch op {
    case let .fullyConnected(attributes):
        guard let weight = dims(1).flatMap(checkedProduct), attributes.numHidden > 0 else { return nil }
        return checkedProduct([outputCount, weight / attributes.numHidden])
    case let .convolution(attributes):
        guard let weight = dims(1).flatMap(checkedProduct), attributes.numFilter > 0 else { return nil }
        return checkedProduct([outputCount, weight / attributes.numFilter])
    case let .rnn(attributes):
        // TNC, or NTC when fused with its transpose: only the product of the first two counts.
        guard let data = dims(0), data.count == 3 else { return nil }
        var total = 0
        for layer in 0..<attributes.numLayers {
            let inputSize = layer == 0 ? data[2] : attributes.directions * attributes.stateSize
            guard let cost = checkedProduct([attributes.directions, data[0], data[1], RNN.gates, attributes.stateSize,
                                             saturatingSum(inputSize, attributes.stateSize)]) else { return nil }
            total = saturatingSum(total, cost)
        }
        return total
    case let .batchDot(transposeA, _):
        guard let lhs = dims(0), lhs.count >= 2 else { return nil }
        return checkedProduct([outputCount, transposeA ? lhs[lhs.count - 2] : lhs[lhs.count - 1]])
    default:
        return nil
    }
}

/// The product of the values, or nil when it overflows.
func checkedProduct(_ values: [Int]) -> Int? {
    Shape(values).checkedCount
}

private func saturatingSum(_ a: Int, _ b: Int) -> Int {
    let (result, overflow) = a.addingReportingOverflow(b)
    return overflow ? .max : result
}

/// `659456` as `659,456`.
func grouped(_ value: Int) -> String {
    let digits = String(value.magnitude)
    var out = ""
    for (i, digit) in digits.enumerated() {
        if i > 0 && (digits.count - i) % 3 == 0 { out += "," }
        out.append(digit)
    }
    return value < 0 ? "-" + out : out
}

/// `19660800` as `19.7M`: one decimal with K, M, G or T; plain below a thousand.
func abbreviated(_ value: Int) -> String {
    let units: [(Int, String)] = [(1_000_000_000_000, "T"), (1_000_000_000, "G"), (1_000_000, "M"), (1_000, "K")]
    guard let (scale, unit) = units.first(where: { value >= $0.0 }) else { return String(value) }
    let tenths = value / (scale / 10) + (value % (scale / 10) >= scale / 20 ? 1 : 0)
    return "\(tenths / 10).\(tenths % 10)\(unit)"
}
