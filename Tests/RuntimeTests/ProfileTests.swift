import Foundation
import GraphIR
import Runtime
import Testing
import TestSupport

/// `Executable.profile` times every executed node and totals them per op type.
struct ProfileTests {
    @Test func profileCoversEveryStepAndSharesAddUp() throws {
        let (reference, _) = try ReferenceCase.network("dssm_small")
        let executable = try compile(reference.graph, inputShapes: reference.inputs.mapValues(\.shape))
        let timings = try executable.profile(reference.inputs, repeats: 3)
        #expect(timings.count == executable.stepCount)
        #expect(timings.allSatisfy { $0.seconds >= 0 && $0.nodes == 1 })
        #expect(abs(timings.reduce(0) { $0 + $1.share } - 1) < 1e-9)
        let convolutions = timings.filter { $0.op == "Convolution" }
        #expect(!convolutions.isEmpty && convolutions.allSatisfy { ($0.flops ?? 0) > 0 })
        #expect(timings.filter { $0.op == "Activation" }.allSatisfy { $0.flops == nil })
        let byOp = OpTiming.byOpType(timings)
        #expect(byOp.reduce(0) { $0 + $1.nodes } == timings.count)
        #expect(zip(byOp, byOp.dropFirst()).allSatisfy { $0.seconds >= $1.seconds })
        #expect(byOp.first { $0.op == "Convolution" }?.nodes == convolutions.count)
    }

    /// Profiling leaves the executable's results unchanged.
    @Test func runAfterProfileGivesTheSameOutputs() throws {
        let (reference, _) = try ReferenceCase.network("dssm_small")
        let executable = try compile(reference.graph, inputShapes: reference.inputs.mapValues(\.shape))
        let before = try executable.runOrdered(reference.inputs)
        _ = try executable.profile(reference.inputs, repeats: 1)
        #expect(try executable.runOrdered(reference.inputs) == before)
    }
}
