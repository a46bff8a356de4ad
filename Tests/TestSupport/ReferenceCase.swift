import Foundation
import GraphIR
import Layers

/// A reference case as a graph with its inputs and MXNet's outputs.
public struct ReferenceCase {
    public var graph: Graph
    public var inputs: [String: Tensor]
    public var outputs: [Tensor]

    /// A one-op case from `ops/NAME.json`: every stored input is fed by name.
    public static func op(_ name: String) throws -> ReferenceCase {
        let object = try Reference.json("ops/\(name).json")
        let graph = try Graph(symbolJSON: try Reference.symbolData(ofCase: object), file: name)
        let stored = object["inputs"] as? [String: Any] ?? [:]
        var inputs: [String: Tensor] = [:]
        for (key, value) in stored where graph.index(of: key) != nil { inputs[key] = try Reference.tensor(value) }
        let outputs = try (object["outputs"] as? [Any] ?? []).map(Reference.tensor)
        return ReferenceCase(graph: graph, inputs: inputs, outputs: outputs)
    }

    /// A network case (`seed/dssm_small`, `seed/dssm_full`): the symbol with every parameter
    /// bound to its recipe value, and the stored inputs (the full case's image regenerated
    /// from `RandomState(7).uniform(0, 1)`).
    public static func network(_ name: String) throws -> (ReferenceCase, [String: Any]) {
        var graph = try Graph(contentsOfSymbolFile: Reference.url("seed/\(name)-symbol.json"))
        let object = try Reference.json("seed/\(name).json")
        let stored = object["inputs"] as? [String: Any] ?? [:]
        var inputs: [String: Tensor] = [:]
        for (key, value) in stored {
            if let dict = value as? [String: Any], dict["recipe"] != nil, let dims = dict["shape"] as? [Int] {
                var random = RandomState(seed: 7)
                let shape = Shape(dims)
                inputs[key] = try Tensor(shape: shape, scalars: random.uniform(low: 0, high: 1, count: shape.count).map { Float($0) })
            } else {
                inputs[key] = try Reference.tensor(value)
            }
        }
        let shapes = try graph.inferShapes(inputs.mapValues(\.shape))
        for index in graph.variableIndices where inputs[graph.nodes[index].name] == nil {
            let name = graph.nodes[index].name
            if let shape = shapes[node: index] { graph.values[name] = recipeTensor(name: name, shape: shape) }
        }
        let outputs = try (object["outputs"] as? [Any] ?? []).map(Reference.tensor)
        return (ReferenceCase(graph: graph, inputs: inputs, outputs: outputs), object)
    }
}
