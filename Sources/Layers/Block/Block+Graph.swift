import GraphIR

/// A network traced into a graph, with the calls of its blocks.
public struct BlockTrace: Sendable {
    /// The graph, in MXNet's node order, with the values of initialised parameters bound.
    public var graph: Graph
    /// Every call of every block, in the order the calls finished (children first).
    public var calls: [BlockCall]

    /// The outputs of the first call of `block` in the graph (e.g. a tower's embedding);
    /// empty when the block was not called or its outputs were pruned.
    public func outputs(of block: any Block) -> [Entry] {
        guard let call = calls.first(where: { $0.block == ObjectIdentifier(block) }) else { return [] }
        return call.outputs.compactMap { $0 }
    }
}

extension Block {
    /// Traces the block as a whole network on fresh variables named `names` (default:
    /// `inputNames`), keeping the nodes its outputs depend on in MXNet's order.
    ///
    /// - Throws: `LayerError` when the block rejects the inputs, `GraphError` when the traced
    ///   graph is invalid.
    public func trace(inputNames names: [String]? = nil) throws -> BlockTrace {
        let builder = GraphBuilder()
        let inputs = (names ?? inputNames).map { builder.variable($0) }
        let recorder = CallRecorder()
        let outputs = try CallRecorder.$current.withValue(recorder) { try self(inputs) }
        let (graph, newIndex) = try builder.graph(outputs: outputs).postOrderedWithIndexMap()
        let calls = recorder.recorded.map { call -> BlockCall in
            var call = call
            call.outputs = call.outputs.map { entry in
                entry.flatMap { old in newIndex[old.node].map { Entry(node: $0, output: old.output) } }
            }
            return call
        }
        return BlockTrace(graph: try bindParameters(to: graph), calls: calls)
    }

    /// The block's graph for inputs named `names` (default: `inputNames`), with the values
    /// of initialised parameters bound; deferred parameter shapes stay 0 in the hints.
    public func graph(inputNames names: [String]? = nil) throws -> Graph {
        try trace(inputNames: names).graph
    }

    /// The block's graph for inputs of the given shapes: shape inference completes the
    /// parameters' deferred shapes, parameters waiting for their shape are initialised, and
    /// every parameter with a value is bound in `graph.values`.
    ///
    /// - Throws: `GraphError` when shapes do not fit or stay unknown, `LayerError` when an
    ///   inferred parameter shape contradicts the parameter, `InitializerError` when a
    ///   pending initialisation fails.
    public func graph(inputShapes: [String: Shape]) throws -> Graph {
        try bindParameters(to: trace().graph, inputShapes: inputShapes)
    }

    /// Completes a graph traced from this block (possibly reduced to some of its outputs):
    /// with `inputShapes`, infers every shape and gives the parameters in the graph their
    /// inferred shapes, running pending initialisations; then binds the value of every
    /// parameter of the graph that has one.
    public func bindParameters(to graph: Graph, inputShapes: [String: Shape]? = nil) throws -> Graph {
        var graph = graph
        let parameters = collectParameters()
        let variables = Dictionary(graph.variableIndices.map { (graph.nodes[$0].name, $0) }) { first, _ in first }
        if let inputShapes {
            let shapes = try graph.inferShapes(inputShapes)
            for parameter in parameters {
                guard let index = variables[parameter.name], let shape = shapes[node: index] else { continue }
                try parameter.adoptShape(shape)
                try parameter.finishDeferredInitialization()
            }
        }
        for parameter in parameters where variables[parameter.name] != nil {
            graph.values[parameter.name] = parameter.value
        }
        return graph
    }
}
