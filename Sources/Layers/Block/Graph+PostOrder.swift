import GraphIR

extension Graph {
    /// The graph reduced to the nodes its outputs depend on, in the order MXNet writes a
    /// symbol: NNVM's post-order depth-first walk from each output in turn, inputs in order.
    /// Values bound to variables that are dropped are dropped too.
    ///
    /// - Throws: `GraphError` when the graph is not valid (see `verify()`).
    public func postOrdered() throws -> Graph {
        try postOrderedWithIndexMap().graph
    }

    /// `postOrdered()` and, for each old node index, its new index (nil when dropped).
    func postOrderedWithIndexMap() throws -> (graph: Graph, newIndex: [Int?]) {
        try verify()
        var visited = [Bool](repeating: false, count: nodes.count)
        var order: [Int] = []
        for head in outputs where !visited[head.node] {
            visited[head.node] = true
            var stack: [(node: Int, next: Int)] = [(head.node, 0)]
            while let top = stack.last {
                let inputs = nodes[top.node].inputs
                if top.next == inputs.count {
                    order.append(top.node)
                    stack.removeLast()
                    continue
                }
                stack[stack.count - 1].next += 1
                let input = inputs[top.next].node
                if !visited[input] {
                    visited[input] = true
                    stack.append((input, 0))
                }
            }
        }
        var newIndex = [Int?](repeating: nil, count: nodes.count)
        for (position, old) in order.enumerated() { newIndex[old] = position }
        func remap(_ entry: Entry) -> Entry { Entry(node: newIndex[entry.node] ?? entry.node, output: entry.output) }
        let newNodes = order.map { old -> Node in
            var node = nodes[old]
            node.inputs = node.inputs.map(remap)
            return node
        }
        let kept = Set(newNodes.filter(\.isVariable).map(\.name))
        let graph = Graph(nodes: newNodes, outputs: outputs.map(remap), values: values.filter { kept.contains($0.key) })
        return (graph, newIndex)
    }
}
