import GraphIR
import Layers
import Models
import Passes
import Plot

/// A built-in network as the CLI's `--optimized` and `optimize` see it: seeded Xavier weights
/// (seed 0), traced at the example's shapes, then run through the default pipeline.
struct OptimizedExample {
    let example: ExampleNetwork
    let shapes: [String: Shape]
    /// The initialized graph before the passes.
    let plain: Graph
    let optimized: Graph
    let report: PipelineReport

    init(_ example: ExampleNetwork) throws {
        self.example = example
        shapes = example.defaultShapes()
        let network = try example.network()
        try network.initialize(Xavier(), seed: 0)
        plain = try network.graph(inputShapes: shapes)
        (optimized, report) = try optimize(plain, inputShapes: shapes)
    }

    /// The example's towers, as the CLI passes them to the layer view.
    var groups: [LayerGroup] { example.layerGroups.map { LayerGroup(label: $0.label, layerPrefixes: $0.layerPrefixes) } }

    /// The layer view of `graph` with the example's shapes and towers, as `plot --style layers` writes it.
    func layerDOT(_ graph: Graph) throws -> String {
        layerStyleDOT(graph, shapes: try graph.inferShapes(shapes), groups: groups)
    }

    /// What `optimize --report` prints.
    var reportText: String { report.text(printing: .none, inputShapes: shapes) + "\n" }
}
