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
          --seed S          seed of the weights and the random inputs (default 0)
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
        let specs: [OptionSpec] = ModelSource.options + [
            .value("batch"), .value("threads"), .value("seed"), .flag("clip-ids"), .value("format"), .value("init"),
            .value("input", repeatable: true), .value("output"), .value("output-dir"), .flag("no-optimize"),
        ]
        let args = try Arguments(arguments, specs: specs)
        let format = try args.choice("format", from: ["text", "json"], default: "text")
        let threads = try args.positiveInt("threads", default: ProcessInfo.processInfo.activeProcessorCount)
        let seed = try args.positiveInt("seed", default: 0, allowZero: true)
        let batch = try args.positiveInt("batch", default: 2)
        var (graph, feeds) = try prepare(args, batch: batch, seed: UInt32(truncatingIfNeeded: seed))
        if !args.has("no-optimize") { graph = try optimize(graph, inputShapes: feeds.mapValues(\.shape)).graph }
        let options = CompileOptions(threads: threads, clipEmbeddingIndices: args.has("clip-ids"))
        let executable = try compile(graph, inputShapes: feeds.mapValues(\.shape), options: options)
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

    /// The graph with parameter values and the feeds, from the example or from files.
    private static func prepare(_ args: Arguments, batch: Int, seed: UInt32) throws -> (Graph, [String: Tensor]) {
        let initName = try args.value("init").map { _ in try args.choice("init", from: ["xavier"], default: "xavier") }
        guard args.value("model") != nil else {
            guard args.all("input").isEmpty, args.value("params") == nil, initName == nil else {
                throw UsageError("--input, --params and --init go with --model")
            }
            let feeds = try ExampleModel.inputs(batch: batch, seed: seed)
            return (try ExampleModel.initializedGraph(seed: seed, batch: batch), feeds)
        }
        guard args.value("params") != nil || initName != nil else {
            throw UsageError("give the parameters with --params PATH.params, or --init xavier for seeded weights")
        }
        var feeds: [String: Tensor] = [:]
        for text in args.all("input") {
            let parts = text.split(separator: "=", maxSplits: 1)
            guard parts.count == 2 else { throw UsageError("--input expects NAME=FILE.npy, found '\(text)'") }
            feeds[String(parts[0])] = try NPY.read(contentsOf: URL(fileURLWithPath: String(parts[1])))
        }
        if args.value("example") != nil { throw UsageError("run takes the DSSM example or --model; --example is for plot, shapes and summary") }
        var model = try ModelSource.load(args)
        if initName != nil {
            let shapes = try model.graph.inferShapes(feeds.mapValues(\.shape))
            model.graph = try ExampleModel.xavierInitialized(model.graph, shapes: shapes, inputs: Set(feeds.keys), seed: seed)
        }
        return (model.graph, feeds)
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
            let data = tensor.scalars.map { "\($0)" }.joined(separator: ", ")
            return "\(jsonQuoted(name)): {\"shape\": [\(tensor.shape.dims.map(String.init).joined(separator: ", "))], \"data\": [\(data)]}"
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
