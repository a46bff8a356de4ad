extension Graph {
    /// Checks the structure: inputs point to earlier nodes and existing outputs (so the graph
    /// is acyclic), input counts match the op, names are unique, outputs exist.
    public func verify() throws {
        var seen: Set<String> = []
        for (index, node) in nodes.enumerated() {
            guard seen.insert(node.name).inserted else {
                throw GraphError.invalidGraph("two nodes are named '\(node.name)'")
            }
            if let expected = node.op.inputCount, expected != node.inputs.count {
                throw GraphError.inputCount(node: node.name, op: node.op.mxnetName, expected: String(expected), found: node.inputs.count)
            }
            if node.op.inputCount == nil, node.inputs.isEmpty {
                throw GraphError.inputCount(node: node.name, op: node.op.mxnetName, expected: "at least 1", found: 0)
            }
            for (position, input) in node.inputs.enumerated() {
                guard input.node >= 0, input.node < index else {
                    let what = input.node >= index && input.node < nodes.count ? "a later node (a cycle or wrong order)" : "no node"
                    throw GraphError.invalidGraph("node '\(node.name)' input \(position) refers to \(what) (index \(input.node))")
                }
                guard input.output >= 0, input.output < nodes[input.node].op.outputCount else {
                    throw GraphError.invalidGraph("node '\(node.name)' input \(position) uses output \(input.output) of '\(nodes[input.node].name)', which has \(nodes[input.node].op.outputCount)")
                }
            }
        }
        guard !outputs.isEmpty else { throw GraphError.invalidGraph("the graph has no outputs") }
        for output in outputs {
            guard output.node >= 0, output.node < nodes.count, output.output >= 0,
                  output.output < nodes[output.node].op.outputCount else {
                throw GraphError.invalidGraph("an output refers to entry (\(output.node), \(output.output)), which does not exist")
            }
        }
        let variables = Set(variableIndices.map { nodes[$0].name })
        for name in values.keys where !variables.contains(name) {
            throw GraphError.invalidGraph("a value is bound to '\(name)', which is not a variable of the graph")
        }
    }
}
