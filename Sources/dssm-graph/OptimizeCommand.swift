import Foundation
import GraphIR
import Passes
import Layers
import Runtime

/// `dssm-graph optimize`: runs the fusion passes and reports what each did and refused.
enum OptimizeCommand: Command {
    static let name = "optimize"
    static let summary = "run the fusion passes; report every rewrite and refusal, check the numbers"
    static let usage = """
        usage: dssm-graph optimize [--example E | --model PATH-symbol.json [--params PATH.params]] [--shape NAME=D1xD2x...]...
                                   [--report] [--print-after PASS|all] [--check] [-o PREFIX] [--seed S]

        Runs the default inference pipeline and prints the node count before and after each pass:
          \(defaultPipeline.map(\.name).joined(separator: ", "))
        Parameters without a value get seeded Xavier weights, since folding needs values.

          --report         also list every rewrite and every candidate not rewritten, with the reason
          --print-after P  print the graph after pass P, or after every pass with 'all' (repeatable)
          --check          run the plain graph and the graph after every pass on seeded inputs, and
                           report the largest absolute and relative error (tolerance 1e-5)
          -o PREFIX        export as PREFIX-symbol.json and PREFIX-0000.params the graph optimized by
                           the passes whose results MXNet runs (valid for any batch size):
                           \(mxnetPipeline.map(\.name).joined(separator: ", "))
          --seed S         seed of the weights and inputs (0 to 4294967295, default 0)
        \(ModelSource.optionsHelp)
        """

    /// The passes whose output is made of MXNet ops only.
    static let mxnetPipeline: [any Pass] = [EliminateDropout(), EliminateCommonSubexpressions(), FoldConstants(),
                                            EliminateDeadCode(), FoldBatchNorm()]

    static func run(_ arguments: [String]) throws {
        let args = try Arguments(arguments, specs: ModelSource.options + [
            .flag("report"), .value("print-after", repeatable: true), .flag("check"), .value("output", short: "o"), .value("seed"),
        ])
        let seed = try args.seed()
        let printing = try graphPrinting(args.all("print-after"))
        let model = try ModelSource.load(args).initialized(seed: seed)
        let exporting = args.value("output") != nil
        // An export stays valid for any batch size: without input shapes, `_zeros` states are not folded.
        let (optimized, report) = try optimize(model.graph, pipeline: exporting ? mxnetPipeline : defaultPipeline,
                                               inputShapes: exporting ? [:] : model.shapes)
        let text = report.text(printing: printing, inputShapes: model.shapes)
        let detailed = args.has("report") || printing != .none
        print(detailed ? text : text.split(separator: "\n").filter { !$0.hasPrefix(" ") }.joined(separator: "\n"))
        if args.has("check") {
            let inputs = try seededInputs(model.graph, shapes: model.shapes, seed: seed)
            let numeric = try NumericCheck().check(report, inputs: inputs) { graph, feeds in
                try compile(graph, inputShapes: feeds.mapValues(\.shape)).runOrdered(feeds)
            }
            print(numeric.text)
        }
        if let prefix = args.value("output") { try ExportCommand.writeExport(optimized, prefix: prefix) }
    }

    private static func graphPrinting(_ names: [String]) throws -> GraphPrinting {
        if names.isEmpty { return .none }
        if names.contains("all") { return .all }
        for name in names {
            do { _ = try registeredPass(named: name) } catch { throw UsageError("\(error)") }
        }
        return .after(Set(names))
    }

    /// Inputs for the numeric check: ids within every embedding's range, other values in [0, 1).
    private static func seededInputs(_ graph: Graph, shapes: [String: Shape], seed: UInt32) throws -> [String: Tensor] {
        var limits: [String: Int] = [:]
        for node in graph.nodes {
            if case let .embedding(a) = node.op, let first = node.inputs.first {
                limits[graph.nodes[first.node].name] = a.inputDim
            }
        }
        var random = RandomState(seed: seed)
        var inputs: [String: Tensor] = [:]
        for name in shapes.keys.sorted() {
            guard let shape = shapes[name] else { continue }
            let draws = random.uniform(low: 0, high: 1, count: shape.count)
            let scalars = limits[name].map { limit in draws.map { Float(Int($0 * Double(limit))) } } ?? draws.map { Float($0) }
            inputs[name] = try Tensor(shape: shape, scalars: scalars)
        }
        return inputs
    }
}
