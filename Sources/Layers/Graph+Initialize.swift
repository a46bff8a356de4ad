import GraphIR

extension Graph {
    /// The graph with a value bound to every variable that has none and is not an input:
    /// Gluon's defaults by name (zeros for `_bias`, `_beta`, running and moving means; ones for
    /// `_gamma`, running and moving variances) and `initializer` for the rest (weights).
    /// Each parameter draws from its own `RandomState` seeded from `seed` and its name.
    ///
    /// - Throws: `GraphError` when a parameter's shape is unknown in `shapes`,
    ///   `InitializerError` when the initializer cannot fill one.
    public func initializingParameters(shapes: ShapeMap, inputs: Set<String>, initializer: any Initializer,
                                       seed: UInt32) throws -> Graph {
        var graph = self
        for index in variableIndices {
            let name = nodes[index].name
            guard values[name] == nil, !inputs.contains(name) else { continue }
            guard let shape = shapes[node: index], shape.isComplete else {
                throw GraphError.shapeUnresolved(node: name, op: "null", message: "the parameter's shape is unknown")
            }
            try shape.requireAllocatable("parameter '\(name)'")
            var random = RandomState(seed: parameterSeed(seed, name: name))
            let chosen: any Initializer
            switch name {
            case _ where ["_bias", "_beta", "_running_mean", "_moving_mean"].contains(where: name.hasSuffix): chosen = Zeros()
            case _ where ["_gamma", "_running_var", "_moving_var"].contains(where: name.hasSuffix): chosen = Ones()
            default: chosen = initializer
            }
            graph.values[name] = try Tensor(shape: shape, scalars: try chosen.values(for: shape, using: &random))
        }
        return graph
    }
}
