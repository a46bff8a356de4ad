import GraphIR

/// A per-block account of a network for given input shapes, as Gluon's `Block.summary`:
/// one row per call of a block (containers such as `HybridSequential` left out), in the
/// order the calls finished, with the output shapes and the block's own parameter count;
/// then the totals, each parameter counted once however often its block is called.
public struct Summary: Hashable, Sendable, CustomStringConvertible {
    /// One input of the network.
    public struct Input: Hashable, Sendable {
        public var name: String
        public var shape: Shape
    }

    /// One call of one block.
    public struct Row: Hashable, Sendable {
        /// Type and position, as Gluon labels rows (`Dense-3`).
        public var layer: String
        /// The block's name (`dssmrecommendernetwork0_dense0`).
        public var name: String
        /// The shapes of the call's outputs.
        public var outputShapes: [Shape?]
        /// The elements of the block's own parameters.
        public var parameterCount: Int
        /// Those that training updates.
        public var trainableParameterCount: Int
        /// Those already counted in an earlier row (a block called again, shared parameters).
        public var sharedParameterCount: Int
    }

    /// The network's inputs.
    public var inputs: [Input]
    /// The blocks' rows.
    public var rows: [Row]
    /// Every parameter element, each parameter counted once.
    public var totalParameters: Int
    /// The trainable ones.
    public var trainableParameters: Int
    /// Running statistics, constants and parameters frozen by the layer (`scale: false`).
    public var nonTrainableParameters: Int { totalParameters - trainableParameters }

    /// The summary as a text table.
    public var description: String {
        var table = TextTable(header: ["Layer (type)", "Name", "Output Shape", "Param #"], rows: [], rightAligned: [3])
        table.rows = inputs.map { ["Input", $0.name, $0.shape.description, "0"] }
            + rows.map { row in
                let count = String(row.parameterCount) + (row.sharedParameterCount > 0 ? " (shared)" : "")
                return [row.layer, row.name, describe(row.outputShapes), count]
            }
        table.footer = ["Total params: \(totalParameters)", "Trainable params: \(trainableParameters)",
                        "Non-trainable params: \(nonTrainableParameters)"]
        return table.rendered()
    }
}

extension Block {
    /// The block's summary for inputs of the given shapes (by input name). Parameter
    /// counts come from the shapes inference gives the parameters' variables, so deferred
    /// parameters are counted without being initialised; the block is not changed.
    ///
    /// - Throws: `GraphError` when the shapes do not fit, `LayerError` on a count overflow.
    public func summary(inputShapes: [String: Shape]) throws -> Summary {
        let trace = try trace()
        let graph = trace.graph
        let shapes = try graph.inferShapes(inputShapes)
        var variableShapes: [String: Shape] = [:]
        for index in graph.variableIndices {
            variableShapes[graph.nodes[index].name] = shapes[node: index]
        }
        var seen: Set<String> = []
        var summary = Summary(
            inputs: inputNames.compactMap { name in inputShapes[name].map { Summary.Input(name: name, shape: $0) } },
            rows: [], totalParameters: 0, trainableParameters: 0)
        for call in trace.calls where !call.isContainer {
            var row = Summary.Row(layer: "\(call.typeName)-\(summary.rows.count + 1)", name: call.name,
                                  outputShapes: call.outputs.map { $0.flatMap { shapes[$0] } },
                                  parameterCount: 0, trainableParameterCount: 0, sharedParameterCount: 0)
            for parameter in call.parameters {
                let count = try elementCount(of: variableShapes[parameter.name] ?? parameter.shape, name: parameter.name)
                row.parameterCount += count
                if parameter.isTrainable { row.trainableParameterCount += count }
                if seen.insert(parameter.name).inserted {
                    summary.totalParameters += count
                    if parameter.isTrainable { summary.trainableParameters += count }
                } else {
                    row.sharedParameterCount += count
                }
            }
            summary.rows.append(row)
        }
        return summary
    }
}
