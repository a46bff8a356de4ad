import Foundation
import GraphIR
import Models
import Plot

/// `dssm-graph plot`: the graph as DOT, SVG or PNG, drawn in-process by graphviz.
enum PlotCommand: Command {
    static let name = "plot"
    static let summary = "draw the graph (MXNet's plot_network style or the layer view) to SVG, PNG or DOT"
    static let usage = """
        usage: dssm-graph plot [--example E | --model PATH-symbol.json [--params PATH.params]] [--shape NAME=D1xD2x...]...
                               [--style mxnet|layers] [--format svg|png|dot] [--optimized] [-o FILE]

        Draws the graph with graphviz (in-process, through libgvc) and prints the path written.
        Default model: the DSSM example with shapes user=1x1, query_text=1x30, title=1x30, image=1x3x224x224.

          --style S        mxnet (default): what mx.viz.plot_network draws, node for node;
                           layers: nodes clustered by block, the query and item towers as outer
                           clusters, LSTM parameter plumbing folded, parameters and multiply-adds
          --format F       svg, png or dot (default: from the -o file's extension, else svg)
          --optimized      the graph after the default optimization pipeline (seeded weights where
                           parameters have no value, since folding needs values)
          -o FILE          where to write (default: dssm.svg, dssm.png or dssm.dot)
        \(ModelSource.optionsHelp)
        """

    static func run(_ arguments: [String]) throws {
        let args = try Arguments(arguments, specs: ModelSource.options + [
            .value("style"), .value("format"), .value("output", short: "o"), .flag("optimized"),
        ])
        let style = try args.choice("style", from: ["mxnet", "layers"], default: "mxnet")
        let formats = RenderFormat.allCases.map(\.rawValue)
        let fromExtension = args.value("output").map { URL(fileURLWithPath: $0).pathExtension.lowercased() }
        let format = try args.choice("format", from: formats, default: fromExtension.flatMap { formats.contains($0) ? $0 : nil } ?? "svg")
        let model = try ModelSource.load(args).optimizedIfAsked(args)
        let shapes = try model.graph.inferShapes(model.shapes)
        let dot = style == "mxnet"
            ? mxnetStyleDOT(model.graph, shapes: shapes)
            : layerStyleDOT(model.graph, shapes: shapes, groups: (model.example?.layerGroups ?? []).map { LayerGroup(label: $0.label, layerPrefixes: $0.layerPrefixes) })
        let path = args.value("output") ?? "dssm.\(format)"
        let bytes: [UInt8]
        do { bytes = try render(dot: dot, format: RenderFormat(rawValue: format) ?? .svg) } catch {
            throw CLIError("graphviz: \(error)")
        }
        try writeFile(bytes, to: path)
        print(path)
    }
}
