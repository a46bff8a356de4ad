import GraphIR
import Passes
import Runtime
import Testing
import TestSupport

/// Runs a graph with the executor: what the numeric check compares.
func evaluate(_ graph: Graph, _ inputs: [String: Tensor]) throws -> [Tensor] {
    try compile(graph, inputShapes: inputs.mapValues(\.shape), options: CompileOptions(threads: 1)).runOrdered(inputs)
}

/// A tensor of `shape` filled with the reference weight recipe for `name`.
func recipe(_ name: String, _ dims: [Int]) -> Tensor {
    recipeTensor(name: name, shape: Shape(dims))
}

/// A tensor of `shape` holding `values`.
func tensor(_ dims: [Int], _ values: [Float]) throws -> Tensor {
    try Tensor(shape: Shape(dims), scalars: values)
}

extension Graph {
    /// The op names of the non-variable nodes, in order.
    var opNames: [String] { nodes.filter { !$0.isVariable }.map(\.op.mxnetName) }
}

/// Applies `pass` to `before`, expects exactly the nodes and outputs of `expected` and values
/// for the same variables, and the same numbers from both graphs on `inputs`.
@discardableResult
func expectRewrite(_ pass: any Pass, _ before: Graph, _ expected: Graph, inputs: [String: Tensor],
                   sourceLocation: SourceLocation = #_sourceLocation) throws -> PassReport {
    let (after, report) = try pass.apply(to: before, inputShapes: inputs.mapValues(\.shape))
    #expect(after.nodes == expected.nodes, "\(after.textDump())", sourceLocation: sourceLocation)
    #expect(after.outputs == expected.outputs, sourceLocation: sourceLocation)
    #expect(Set(after.values.keys) == Set(expected.values.keys), sourceLocation: sourceLocation)
    let errors = zip(try evaluate(after, inputs), try evaluate(before, inputs)).map { maxRelativeError($0, $1) }
    #expect(errors.allSatisfy { $0 <= 1e-5 }, "\(errors)", sourceLocation: sourceLocation)
    return report
}

/// A graph built by `body`, whose returned symbols are the outputs.
func graph(_ body: (GraphBuilder) throws -> [Symbol]) throws -> Graph {
    let builder = GraphBuilder()
    let outputs = try body(builder)
    return try builder.graph(outputs: outputs)
}
