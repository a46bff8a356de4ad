import Foundation
import GraphIR

/// `dssm-graph shapes`: every node's output shapes, as text or as MXNet's `node_shapes` JSON.
enum ShapesCommand: Command {
    static let name = "shapes"
    static let summary = "infer and print every node's output shape"
    static let usage = """
        usage: dssm-graph shapes [--example E | --model PATH-symbol.json [--params PATH.params]] [--shape NAME=D1xD2x...]...
                                 [--format text|json] [--optimized]

        Infers the shape of every node output (forward and backward, as MXNet does) and prints it.
        Default model: the DSSM example with shapes user=1x1, query_text=1x30, title=1x30, image=1x3x224x224.

        \(ModelSource.optionsHelp)
          --format F       text (one line per node, the default) or json (output name -> shape)
          --optimized      the graph after the default optimization pipeline
        """

    static func run(_ arguments: [String]) throws {
        let args = try Arguments(arguments, specs: ModelSource.options + [.value("format"), .flag("optimized")])
        let format = try args.choice("format", from: ["text", "json"], default: "text")
        let model = try ModelSource.load(args).optimizedIfAsked(args)
        let shapes = try model.graph.inferShapes(model.shapes)
        print(format == "json" ? shapesJSON(model.graph, shapes) : shapesText(model.graph, shapes))
    }

    /// One line per node: name, op, output shapes.
    static func shapesText(_ graph: Graph, _ shapes: ShapeMap) -> String {
        let width = min(72, graph.nodes.map(\.name.count).max() ?? 0)
        return graph.nodes.indices.map { i in
            let node = graph.nodes[i]
            let outs = (0..<node.op.outputCount).map { shapes[Entry(node: i, output: $0)]?.description ?? "?" }
            let op = node.op.mxnetName.padding(toLength: 18, withPad: " ", startingAt: 0)
            return node.name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + op + outs.joined(separator: " ")
        }.joined(separator: "\n")
    }

    /// `{"<output name>": [dims], ...}` in graph order, the form of MXNet's `node_shapes`.
    static func shapesJSON(_ graph: Graph, _ shapes: ShapeMap) -> String {
        let rows = graph.allEntries.map { entry in
            "  " + jsonString(graph.outputName(entry)) + ": [" + (shapes[entry]?.dims ?? []).map(String.init).joined(separator: ", ") + "]"
        }
        return "{\n" + rows.joined(separator: ",\n") + "\n}"
    }
}
