import Foundation
import GraphIR

/// The model a subcommand works on: the DSSM example or an MXNet export, with input shapes.
struct ModelSource {
    var graph: Graph
    /// Input shapes: the example's defaults, overridden by `--shape`.
    var shapes: [String: Shape]

    /// The options every model-reading subcommand accepts.
    static let options: [OptionSpec] = [.value("model"), .value("params"), .value("shape", repeatable: true)]

    /// Loads the model the arguments name.
    static func load(_ args: Arguments) throws -> ModelSource {
        let given = try parseShapeOptions(args.all("shape"))
        guard let path = args.value("model") else {
            throw UsageError("give a model with --model PATH-symbol.json")
        }
        let graph = try Graph(contentsOfSymbolFile: URL(fileURLWithPath: path))
        return ModelSource(graph: graph, shapes: given)
    }
}
