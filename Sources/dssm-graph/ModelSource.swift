import Foundation
import GraphIR

/// The model a subcommand works on: the DSSM example or an MXNet export, with input shapes.
struct ModelSource {
    var graph: Graph
    /// Input shapes: the example's defaults, overridden by `--shape`.
    var shapes: [String: Shape]
    /// Whether this is the built-in example.
    var isExample: Bool

    /// The options every model-reading subcommand accepts.
    static let options: [OptionSpec] = [.value("model"), .value("params"), .value("shape", repeatable: true)]

    /// Loads the model the arguments name: `--model` (+ `--params`), or the example.
    static func load(_ args: Arguments, batch: Int? = nil) throws -> ModelSource {
        let given = try parseShapeOptions(args.all("shape"))
        guard let path = args.value("model") else {
            if args.value("params") != nil { throw UsageError("--params goes with --model") }
            var shapes = ExampleModel.defaultShapes(batch: batch ?? 1)
            shapes.merge(given) { _, new in new }
            return ModelSource(graph: try ExampleModel.graph(), shapes: shapes, isExample: true)
        }
        var graph = try Graph(contentsOfSymbolFile: URL(fileURLWithPath: path))
        if let paramsPath = args.value("params") {
            try bindParameters(from: paramsPath, to: &graph)
        }
        return ModelSource(graph: graph, shapes: given, isExample: false)
    }

    /// Binds the arrays of an MXNet `.params` file to the graph's variables by name.
    static func bindParameters(from path: String, to graph: inout Graph) throws {
        let arrays = try Params.read(contentsOf: URL(fileURLWithPath: path))
        let variables = Set(graph.variableIndices.map { graph.nodes[$0].name })
        for (prefixed, tensor) in arrays {
            let name = Params.splitPrefix(prefixed).name
            guard variables.contains(name) else {
                throw CLIError("\(path): array '\(prefixed)' names no variable of the graph")
            }
            graph.values[name] = tensor
        }
    }
}
