import Foundation
import GraphIR
import Runtime
import Testing
import TestSupport

/// The compiled graph reproduces MXNet's numbers on every reference case.
struct ExecutorFidelityTests {
    private static let gemmOps = ["fc_", "batch_dot", "conv_", "lstm_"]

    @Test(arguments: try Reference.opCases())
    func opCaseMatchesMXNet(name: String) throws {
        let reference = try ReferenceCase.op(name)
        let executable = try compile(reference.graph, inputShapes: reference.inputs.mapValues(\.shape))
        let outputs = try executable.runOrdered(reference.inputs)
        let tolerance: Float = Self.gemmOps.contains { name.hasPrefix($0) } ? 1e-4 : 1e-5
        #expect(outputs.count == reference.outputs.count)
        for (mine, theirs) in zip(outputs, reference.outputs) {
            #expect(maxRelativeError(mine, theirs) <= tolerance, "\(name)")
        }
    }

    /// Every one of the small DSSM's internal outputs, node by node.
    @Test func smallDSSMMatchesEveryInternalOutput() throws {
        let (reference, object) = try ReferenceCase.network("dssm_small")
        let internals = try #require(object["internals"] as? [String: Any])
        #expect(internals.count == 145)
        let names = internals.keys.sorted()
        let executable = try compile(reference.graph, inputShapes: reference.inputs.mapValues(\.shape),
                                     options: CompileOptions(outputs: names))
        let outputs = try executable.run(reference.inputs)
        var worst: [(String, Float)] = []
        for name in names {
            let error = maxRelativeError(try #require(outputs[name]), try Reference.tensor(internals[name]))
            if error > 1e-4 { worst.append((name, error)) }
        }
        #expect(worst.isEmpty, "\(worst.prefix(5))")
    }

    /// The example at full size with recipe weights: both similarities.
    @Test func fullDSSMMatchesMXNetsSimilarities() throws {
        let (reference, _) = try ReferenceCase.network("dssm_full")
        let executable = try compile(reference.graph, inputShapes: reference.inputs.mapValues(\.shape))
        let outputs = try executable.runOrdered(reference.inputs)
        #expect(maxRelativeError(outputs[0], reference.outputs[0]) <= 1e-4, "\(outputs[0]) vs \(reference.outputs[0])")
    }

    /// Results are bit-identical whatever the thread count.
    @Test func threadCountDoesNotChangeResults() throws {
        let (reference, _) = try ReferenceCase.network("dssm_small")
        var results: [[Tensor]] = []
        for threads in [1, 2, 4] {
            let executable = try compile(reference.graph, inputShapes: reference.inputs.mapValues(\.shape),
                                         options: CompileOptions(threads: threads))
            results.append(try executable.runOrdered(reference.inputs))
        }
        #expect(results[0] == results[1])
        #expect(results[0] == results[2])
    }
}
