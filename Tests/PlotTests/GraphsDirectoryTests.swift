import Foundation
import FoundationXML
import GraphIR
import Models
import Plot
import Testing
import TestSupport

/// The pictures committed in `Graphs/` are what the tool draws today (`make graphs` redraws them).
struct GraphsDirectoryTests {
    /// Each committed picture: its example, its style, whether it is of the optimized graph and
    /// its file name without extension.
    static let pictures: [(example: ExampleNetwork, style: String, optimized: Bool, file: String)] = [
        (.dssm, "mxnet", false, "dssm"), (.dssm, "layers", false, "dssm-layers"),
        (.bow, "mxnet", false, "bow"), (.resnet18V2, "layers", false, "resnet18_v2"),
        (.dssm, "layers", true, "dssm-optimized"),
    ]

    private static func url(_ file: String) -> URL {
        Reference.packageRoot.appendingPathComponent("Graphs").appendingPathComponent(file)
    }

    /// The DOT the CLI writes for `plot --example E --style S`, with `--optimized` when asked.
    private static func dot(_ example: ExampleNetwork, style: String, optimized: Bool) throws -> String {
        let graph = optimized ? try OptimizedExample(example).optimized : try example.graph()
        let shapes = try graph.inferShapes(example.defaultShapes())
        guard style == "layers" else { return mxnetStyleDOT(graph, shapes: shapes) }
        let groups = example.layerGroups.map { LayerGroup(label: $0.label, layerPrefixes: $0.layerPrefixes) }
        return layerStyleDOT(graph, shapes: shapes, groups: groups)
    }

    @Test(arguments: pictures.indices)
    func committedDOTIsCurrent(index: Int) throws {
        let picture = Self.pictures[index]
        let committed = try String(contentsOf: Self.url(picture.file + ".dot"), encoding: .utf8)
        #expect(committed == (try Self.dot(picture.example, style: picture.style, optimized: picture.optimized)),
                "Graphs/\(picture.file).dot is stale: run 'make graphs'")
    }

    /// `Graphs/dssm-optimize-report.txt` is what `dssm-graph optimize --report` prints.
    @Test func committedOptimizeReportIsCurrent() throws {
        let committed = try String(contentsOf: Self.url("dssm-optimize-report.txt"), encoding: .utf8)
        #expect(committed == (try OptimizedExample(.dssm).reportText),
                "Graphs/dssm-optimize-report.txt is stale: run 'make graphs'")
    }

    @Test(arguments: pictures.indices)
    func committedSVGHasOneGroupPerNode(index: Int) throws {
        let picture = Self.pictures[index]
        let dot = try ParsedDOT(String(contentsOf: Self.url(picture.file + ".dot"), encoding: .utf8))
        let svg = try XMLDocument(contentsOf: Self.url(picture.file + ".svg"))
        let groups = try svg.nodes(forXPath: "//*[local-name()='g'][@class='node']")
        #expect(groups.count == dot.nodes.count, "Graphs/\(picture.file).svg")
    }
}
