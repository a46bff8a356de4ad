import Foundation
import GraphIR
import Runtime
import Testing
import TestSupport

/// The fast paths (Winograd blocks side by side or phase by phase, im2col bands, the LSTM's
/// four-lane cell) give bit-identical results whatever the thread count, on the full-size
/// network where they are all taken.
struct DeterminismTests {
    @Test func fullDSSMThreadCountDoesNotChangeResults() throws {
        let (reference, _) = try ReferenceCase.network("dssm_full")
        let outputs = ["dssmrecommendernetwork0_dense4_relu_fwd_output", "dssmrecommendernetwork0_dense2_relu_fwd_output"]
        var results: [[Tensor]] = []
        for threads in [1, 2, 4] {
            let executable = try compile(reference.graph, inputShapes: reference.inputs.mapValues(\.shape),
                                         options: CompileOptions(threads: threads, outputs: outputs))
            results.append(try executable.runOrdered(reference.inputs))
        }
        #expect(results[0] == results[1])
        #expect(results[0] == results[2])
    }
}
