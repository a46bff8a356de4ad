import GraphIR

/// A per-node account of a graph's parameters, for graphs that come without blocks
/// (imported MXNet symbols): one row per op node that computes on data, with its output
/// shape and the parameters it consumes directly or through parameter-only plumbing
/// (the LSTM's `Reshape` and `_rnn_param_concat`); then the totals.
///
/// A graph does not record what training would update, so auxiliary states and the gamma
/// of a `fix_gamma` BatchNorm count as non-trainable, every other parameter as trainable.
public struct GraphSummary: Hashable, Sendable, CustomStringConvertible {
    /// One op node.
    public struct Row: Hashable, Sendable {
        /// The node's name.
        public var name: String
        /// The op's MXNet name.
        public var op: String
        /// The shape of the node's first output.
        public var outputShape: Shape?
        /// The elements of the parameters attributed to the node.
        public var parameterCount: Int
        /// Those counted as trainable.
        public var trainableParameterCount: Int
    }

    /// The op nodes that compute on data, in graph order.
    public var rows: [Row]
    /// Every parameter element of the graph.
    public var totalParameters: Int
    /// The trainable ones.
    public var trainableParameters: Int
    /// Auxiliary states and fixed gammas.
    public var nonTrainableParameters: Int { totalParameters - trainableParameters }

    /// Summarises `graph` with the shapes inferred for it.
    ///
    /// - Parameter parameterNames: the variables that are parameters; by default those with
    ///   a bound value or a `__shape__` hint (MXNet writes one for every parameter).
    /// - Throws: `GraphError` when the graph is not valid, `LayerError.sizeOverflow` when a
    ///   count does not fit in an `Int`.
    public init(graph: Graph, shapes: ShapeMap, parameterNames: Set<String>? = nil) throws {
        try graph.verify()
        let nodes = graph.nodes
        let isParameter = nodes.map { node in
            node.isVariable && (parameterNames.map { $0.contains(node.name) }
                ?? (graph.values[node.name] != nil || node.hints["__shape__"] != nil))
        }
        var isConstant = isParameter
        for (index, node) in nodes.enumerated() where !node.isVariable {
            isConstant[index] = node.inputs.allSatisfy { isConstant[$0.node] }
        }
        let frozen = graph.auxiliaryNames.union(nodes.compactMap { node -> String? in
            guard case let .batchNorm(attributes) = node.op, attributes.fixGamma, node.inputs.count > 1 else { return nil }
            return nodes[node.inputs[1].node].name
        })
        func count(_ index: Int) throws -> (all: Int, trainable: Int) {
            let name = nodes[index].name
            let all = try elementCount(of: shapes[node: index] ?? Shape([0]), name: name)
            return (all, frozen.contains(name) ? 0 : all)
        }
        rows = []
        totalParameters = 0
        trainableParameters = 0
        for index in nodes.indices where isParameter[index] {
            let (all, trainable) = try count(index)
            totalParameters += all
            trainableParameters += trainable
        }
        var attributed = [Bool](repeating: false, count: nodes.count)
        for (index, node) in nodes.enumerated() where !node.isVariable && !isConstant[index] {
            var row = Row(name: node.name, op: node.op.mxnetName, outputShape: shapes[node: index],
                          parameterCount: 0, trainableParameterCount: 0)
            var pending = node.inputs.map(\.node).filter { isConstant[$0] }
            while let input = pending.popLast() {
                guard !attributed[input] else { continue }
                attributed[input] = true
                if isParameter[input] {
                    let (all, trainable) = try count(input)
                    row.parameterCount += all
                    row.trainableParameterCount += trainable
                } else {
                    pending += nodes[input].inputs.map(\.node)
                }
            }
            rows.append(row)
        }
    }

    /// The summary as a text table.
    public var description: String {
        var table = TextTable(header: ["Node", "Op", "Output Shape", "Param #"], rows: [], rightAligned: [3])
        table.rows = rows.map { [$0.name, $0.op, describe([$0.outputShape]), String($0.parameterCount)] }
        table.footer = ["Total params: \(totalParameters)", "Trainable params: \(trainableParameters)",
                        "Non-trainable params: \(nonTrainableParameters)"]
        return table.rendered()
    }
}
