import Foundation
import GraphIR
import Layers
import Models

/// `dssm-graph summary`: parameters and output shapes per layer, with totals.
enum SummaryCommand: Command {
    static let name = "summary"
    static let summary = "per-layer output shapes and parameter counts, with totals per tower"
    static let usage = """
        usage: dssm-graph summary [--example E | --model PATH-symbol.json [--params PATH.params]] [--shape NAME=D1xD2x...]...

        For the DSSM example: one row per layer (as Gluon's Block.summary) with its output shape and
        parameter count, the totals (all, trainable, non-trainable) and the totals of each tower.
        For --model: one row per op node, with the parameters each node reads, and the totals.

        \(ModelSource.optionsHelp)
        """

    static func run(_ arguments: [String]) throws {
        let args = try Arguments(arguments, specs: ModelSource.options)
        let model = try ModelSource.load(args)
        guard let example = model.example else {
            let shapes = try model.graph.inferShapes(model.shapes)
            print(try GraphSummary(graph: model.graph, shapes: shapes))
            return
        }
        let summary = try example.network().summary(inputShapes: model.shapes)
        print(summary)
        print("")
        print("\(grouped(summary.totalParameters)) parameters: \(grouped(summary.trainableParameters)) trainable, "
              + "\(grouped(summary.nonTrainableParameters)) non-trainable")
        for group in example.layerGroups {
            let rows = summary.rows.filter { row in group.layerPrefixes.contains { (row.name + "_").hasPrefix($0) } }
            let total = rows.reduce(0) { $0 + $1.parameterCount - $1.sharedParameterCount }
            let trainable = rows.reduce(0) { $0 + $1.trainableParameterCount }
            print("\(group.label): \(grouped(total)) parameters (\(grouped(trainable)) trainable)")
        }
    }

    /// 33195468 → "33,195,468".
    static func grouped(_ value: Int) -> String {
        let digits = String(value)
        return digits.enumerated().map { i, c in (i > 0 && (digits.count - i) % 3 == 0 ? "," : "") + String(c) }.joined()
    }
}
