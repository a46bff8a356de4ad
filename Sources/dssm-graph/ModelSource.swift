import Foundation
import GraphIR
import Layers
import Models
import Passes

/// The model a subcommand works on: the DSSM example or an MXNet export, with input shapes.
struct ModelSource {
    var graph: Graph
    /// Input shapes: the example's defaults, overridden by `--shape`.
    var shapes: [String: Shape]
    /// The built-in network, when no `--model` is given.
    var example: ExampleNetwork?

    /// The options every model-reading subcommand accepts.
    static let options: [OptionSpec] = [
        .value("model"), .value("params"), .value("shape", repeatable: true), .value("example"),
    ]

    /// The help text of those options.
    static let optionsHelp = """
          --example E      the built-in network: dssm (default), bow (the bag-of-words projection)
                           or resnet18_v2 (the image branch's features)
          --model PATH     an MXNet symbol file (NAME-symbol.json) instead of the example
          --params PATH    an MXNet .params file whose arrays bind the parameters
          --shape N=DIMS   the shape of input N, e.g. --shape image=8x3x224x224 (repeatable)
        """

    /// Loads the model the arguments name: `--model` (+ `--params`), or a built-in example.
    static func load(_ args: Arguments) throws -> ModelSource {
        let given = try parseShapeOptions(args.all("shape"))
        guard let path = args.value("model") else {
            if args.value("params") != nil { throw UsageError("--params goes with --model") }
            let name = try args.choice("example", from: ExampleNetwork.allCases.map(\.rawValue), default: ExampleNetwork.dssm.rawValue)
            let example = ExampleNetwork(rawValue: name) ?? .dssm
            var shapes = example.defaultShapes()
            shapes.merge(given) { _, new in new }
            return ModelSource(graph: try example.graph(), shapes: shapes, example: example)
        }
        if args.value("example") != nil { throw UsageError("--example and --model exclude each other") }
        guard !path.isEmpty else { throw UsageError("--model needs a path to a symbol file") }
        var graph = try Graph(contentsOfSymbolFile: URL(fileURLWithPath: path))
        if let paramsPath = args.value("params") {
            try bindParameters(from: paramsPath, to: &graph)
        }
        return ModelSource(graph: graph, shapes: given, example: nil)
    }

    /// Binds the arrays of an MXNet `.params` file to the graph's variables by name, checking
    /// each against the shape the graph declares and that every parameter gets a value.
    static func bindParameters(from path: String, to graph: inout Graph) throws {
        let arrays = try Params.read(contentsOf: URL(fileURLWithPath: path))
        var declared: [String: Shape?] = [:]
        for index in graph.variableIndices {
            let node = graph.nodes[index]
            declared[node.name] = node.hints["__shape__"].flatMap(Graph.parseShapeHint)
        }
        for (prefixed, tensor) in arrays {
            let name = Params.splitPrefix(prefixed).name
            guard let hint = declared[name] else {
                throw CLIError("\(path): array '\(prefixed)' names no variable of the graph")
            }
            if let hint, hint.merged(with: tensor.shape) == nil {
                throw CLIError("\(path): array '\(prefixed)' has shape \(tensor.shape), the graph declares \(hint)")
            }
            graph.values[name] = tensor
        }
        let inputs = Set(graph.dataInputNames)
        if let missing = graph.variableIndices.map({ graph.nodes[$0].name }).first(where: { graph.values[$0] == nil && !inputs.contains($0) }) {
            throw CLIError("\(path) has no array for the parameter '\(missing)'")
        }
    }
}

extension ModelSource {
    /// The model with a value for every parameter: an example's seeded Xavier weights, or
    /// seeded Xavier weights for the parameters `--params` did not bind.
    func initialized(seed: UInt32) throws -> ModelSource {
        var copy = self
        if let example {
            let network = try example.network()
            try network.initialize(Xavier(), seed: seed)
            copy.graph = try network.graph(inputShapes: shapes)
        } else {
            let inferred = try graph.inferShapes(shapes)
            copy.graph = try graph.initializingParameters(shapes: inferred, inputs: Set(shapes.keys), initializer: Xavier(), seed: seed)
        }
        return copy
    }

    /// The model after the default optimization pipeline when `--optimized` is set; folding
    /// needs parameter values, so parameters without one get seeded Xavier weights first.
    func optimizedIfAsked(_ args: Arguments) throws -> ModelSource {
        guard args.has("optimized") else { return self }
        var copy = try initialized(seed: 0)
        copy.graph = try optimize(copy.graph, inputShapes: shapes).graph
        return copy
    }
}
