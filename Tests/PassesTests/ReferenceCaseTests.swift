import GraphIR
import Passes
import Testing
import TestSupport

/// The default pipeline over every one-op reference case, with its parameters fed and bound.
struct ReferenceCaseTests {
    /// The case with every variable but the first (its data) bound to the stored value.
    private static func withBoundParameters(_ reference: ReferenceCase) -> (Graph, [String: Tensor]) {
        var graph = reference.graph
        var inputs = reference.inputs
        for index in graph.variableIndices.dropFirst() {
            let name = graph.nodes[index].name
            graph.values[name] = inputs.removeValue(forKey: name)
        }
        return (graph, inputs)
    }

    @Test(arguments: try Reference.opCases())
    func everyPassKeepsTheNumbers(name: String) throws {
        let reference = try ReferenceCase.op(name)
        let (bound, data) = Self.withBoundParameters(reference)
        for (graph, inputs) in [(reference.graph, reference.inputs), (bound, data)] {
            let (report, check) = try NumericCheck(tolerance: 1e-5).run(on: graph, inputs: inputs, evaluate: evaluate)
            #expect(check.firstFailingPass == nil, "\(name): \(check.text)")
            let outputs = try evaluate(report.optimized, inputs)
            for (mine, theirs) in zip(outputs, reference.outputs) {
                #expect(maxRelativeError(mine, theirs) <= 1e-4, "\(name) against MXNet")
            }
        }
    }

    /// The cases some pass rewrites, so that the test above checks every kind of rewrite.
    @Test func thePassesTouchTheCasesTheyAreFor() throws {
        var touched: [String: Set<String>] = [:]
        for name in try Reference.opCases() {
            let (graph, inputs) = Self.withBoundParameters(try ReferenceCase.op(name))
            let (_, report) = try optimize(graph, inputShapes: inputs.mapValues(\.shape))
            for pass in report.passes where !pass.rewrites.isEmpty { touched[pass.pass, default: []].insert(name) }
        }
        #expect(touched["eliminate-dropout"] == ["dropout_inference"])
        #expect(touched["fold-constants"]?.contains("lstm_2layer_bidirectional") == true)
        #expect(touched["eliminate-common-subexpressions"]?.contains("lstm_2layer_bidirectional") == true)
        #expect(touched["fuse-elementwise"]?.contains("elemwise_chain") == true)
        #expect(touched["fuse-elementwise"]?.contains("expand_squeeze") != true)
    }
}
