import Foundation
import GraphIR
import Passes
import Runtime

/// `dssm-graph run`: compiles and runs the example or an MXNet export.
enum RunCommand: Command {
    static let name = "run"
    static let summary = "run the DSSM example (seeded weights) or an MXNet export"
    static let usage = """
        usage: dssm-graph run [--batch N] [--threads N] [--seed S] [--clip-ids] [--no-optimize] [--format text|json]
               dssm-graph run --model PATH-symbol.json (--params PATH.params | --init xavier)
                              --input NAME=FILE.npy... [--output FILE.npy | --output-dir DIR]

        Without --model, runs the DSSM example with seeded Xavier weights: at batch 2 on the example's
        inputs (user [[200],[100]], query_text = title = [[10,20,0,0,0],[40,50,0,0,0]], image uniform
        in [0,1)), at other batch sizes on seeded random ids (text length 30) and 224x224 images.
        Prints the cosine similarities and the time the run took.

          --batch N         batch size of the example (default 2)
          --threads N       threads to run with (default: all cores; results do not change)
          --seed S          seed of the weights and the random inputs (0 to 4294967295, default 0)
          --clip-ids        clip out-of-range ids into range as MXNet does (default: an error)
          --no-optimize     run the graph as traced or imported (default: after the fusion passes)
          --format F        text (default) or json: {"outputs": {NAME: {"shape", "data"}}, "seconds": S}
          --model PATH      an MXNet symbol file instead of the example
          --params PATH     its parameters (an MXNet .params file)
          --init xavier     seeded Xavier weights instead of --params
          --input N=FILE    an input as a .npy file (repeatable)
          --output FILE     write the first output as .npy
          --output-dir DIR  write every output as DIR/NAME.npy
        """

    static func run(_ arguments: [String]) throws {
        let specs: [OptionSpec] = [
            .value("model"), .value("params"), .value("batch"), .value("threads"), .value("seed"), .flag("clip-ids"),
            .value("format"), .value("init"), .value("input", repeatable: true), .value("output"), .value("output-dir"),
            .flag("no-optimize"),
        ]
        let args = try Arguments(arguments, specs: specs)
        let format = try args.choice("format", from: ["text", "json"], default: "text")
        let threads = try args.threadCount()
        let seed = try args.seed()
        // The example's inputs are generated after compiling, so an oversized batch fails before
        // any input is allocated; a model's inputs are read from their files once, up front.
        var (graph, shapes, files) = args.value("model") == nil ? try exampleGraph(args, seed: seed) : try importedGraph(args, seed: seed)
        if !args.has("no-optimize") { graph = try optimize(graph, inputShapes: shapes).graph }
        let options = CompileOptions(threads: threads, clipEmbeddingIndices: args.has("clip-ids"))
        let executable = try compile(graph, inputShapes: shapes, options: options)
        let feeds = try files ?? ExampleModel.inputs(batch: shapes["user"]?[0] ?? 2, seed: seed)
        let start = DispatchTime.now().uptimeNanoseconds
        let outputs = try executable.runOrdered(feeds)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let names = executable.outputs.map(\.name)
        try writeOutputs(args, names: names, outputs: outputs)
        if format == "json" {
            print(runJSON(names: names, outputs: outputs, seconds: seconds))
        } else {
            for (name, tensor) in zip(names, outputs) {
                print("\(name) \(tensor.shape):")
                print(formatRows(tensor))
            }
            print(String(format: "ran in %.3f s with %d thread%@", seconds, threads, threads == 1 ? "" : "s"))
        }
    }

    /// The example with seeded weights, and the shapes of its inputs at the batch size asked for.
    private static func exampleGraph(_ args: Arguments, seed: UInt32) throws -> (Graph, [String: Shape], [String: Tensor]?) {
        guard args.all("input").isEmpty, args.value("params") == nil, args.value("init") == nil else {
            throw UsageError("--input, --params and --init go with --model")
        }
        let batch = try args.positiveInt("batch", default: 2)
        let shapes = ExampleModel.inputShapes(batch: batch)
        for (name, shape) in shapes { try shape.requireAllocatable("input '\(name)'") }
        return (try ExampleModel.initializedGraph(seed: seed, shapes: shapes), shapes, nil)
    }

    /// An MXNet export with its parameters (or seeded Xavier weights), shaped by its `--input`
    /// files, and those inputs.
    private static func importedGraph(_ args: Arguments, seed: UInt32) throws -> (Graph, [String: Shape], [String: Tensor]?) {
        guard args.value("batch") == nil else { throw UsageError("--batch is for the example; a model's batch comes from its --input files") }
        let initializing = try args.value("init").map { _ in try args.choice("init", from: ["xavier"], default: "xavier") } != nil
        guard (args.value("params") != nil) != initializing else {
            throw UsageError(initializing ? "--params and --init exclude each other"
                                          : "give the parameters with --params PATH.params, or --init xavier for seeded weights")
        }
        let paths = try inputPaths(args)
        var model = try ModelSource.load(args)
        var feeds: [String: Tensor] = [:]
        for (name, path) in paths { feeds[name] = try readInput(path, name: name) }
        let shapes = feeds.mapValues(\.shape)
        let missing = Set(model.graph.dataInputNames).subtracting(shapes.keys).subtracting(model.graph.values.keys)
        guard missing.isEmpty else {
            throw CLIError("give the inputs \(missing.sorted().joined(separator: ", ")) with --input NAME=FILE.npy")
        }
        if initializing {
            let inferred = try model.graph.inferShapes(shapes)
            model.graph = try ExampleModel.xavierInitialized(model.graph, shapes: inferred, inputs: Set(shapes.keys), seed: seed)
        }
        return (model.graph, shapes, feeds)
    }

    /// The `--input NAME=FILE.npy` pairs, each name once.
    private static func inputPaths(_ args: Arguments) throws -> [(name: String, path: String)] {
        var seen: Set<String> = []
        return try args.all("input").map { text in
            let parts = text.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw UsageError("--input expects NAME=FILE.npy, found '\(text)'")
            }
            guard seen.insert(String(parts[0])).inserted else { throw UsageError("--input \(parts[0]) is given twice") }
            return (String(parts[0]), String(parts[1]))
        }
    }

    private static func readInput(_ path: String, name: String) throws -> Tensor {
        let tensor = try NPY.read(contentsOf: URL(fileURLWithPath: path))
        guard tensor.shape.isComplete else {
            throw CLIError("\(path): input '\(name)' has the empty shape \(tensor.shape); inputs need at least one element")
        }
        return tensor
    }

    private static func writeOutputs(_ args: Arguments, names: [String], outputs: [Tensor]) throws {
        if let path = args.value("output"), let first = outputs.first {
            try writeFile(NPY.encode(first), to: path)
        }
        if let dir = args.value("output-dir") {
            do { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) } catch {
                throw CLIError("cannot create \(dir): \(error.localizedDescription)")
            }
            for (name, tensor) in zip(names, outputs) { try writeFile(NPY.encode(tensor), to: dir + "/" + name + ".npy") }
        }
    }

    private static func runJSON(names: [String], outputs: [Tensor], seconds: Double) -> String {
        let body = zip(names, outputs).map { name, tensor in
            let data = tensor.scalars.map { $0.isFinite ? "\($0)" : "null" }.joined(separator: ", ")
            return "\(jsonString(name)): {\"shape\": [\(tensor.shape.dims.map(String.init).joined(separator: ", "))], \"data\": [\(data)]}"
        }
        return "{\"outputs\": {\(body.joined(separator: ", "))}, \"seconds\": \(seconds)}"
    }

    /// A tensor as rows of its last axis, at most 20 rows.
    private static func formatRows(_ tensor: Tensor) -> String {
        let width = max(tensor.shape.dims.last ?? 1, 1)
        let rows = stride(from: 0, to: tensor.scalars.count, by: width).map { start in
            "  " + tensor.scalars[start..<min(start + width, tensor.scalars.count)].prefix(8)
                .map { String(format: "%.6f", $0) }.joined(separator: " ") + (width > 8 ? " …" : "")
        }
        return (rows.prefix(20) + (rows.count > 20 ? ["  … \(rows.count - 20) more rows"] : [])).joined(separator: "\n")
    }
}
