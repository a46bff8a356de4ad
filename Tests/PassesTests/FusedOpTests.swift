import Foundation
import GraphIR
import Passes
import Testing
import TestSupport

/// Fused ops are representable: they dump, infer shapes and export with names MXNet does not have.
struct FusedOpTests {
    @Test func fusedOpsHaveNamesMXNetDoesNotKnow() throws {
        let conv = GraphIR.Convolution(kernel: [3, 3], numFilter: 8)
        let names = [
            Op.fused(.convolution(conv, ConvolutionEpilogue(residual: true, activation: .relu))),
            .fused(.convolution(conv, ConvolutionEpilogue(activation: .relu))),
            .fused(.fullyConnected(FullyConnected(numHidden: 2), .relu)),
            .fused(.batchNorm(BatchNorm(), .relu)),
            .fused(.batchMajorRNN(RNN(stateSize: 2, numLayers: 1, bidirectional: false))),
            .fused(.elementwise(ElementwiseProgram(steps: []))),
        ].map(\.mxnetName)
        #expect(names == ["_fused_Convolution_add_relu", "_fused_Convolution_relu", "_fused_FullyConnected_relu",
                          "_fused_BatchNorm_relu", "_fused_transpose_RNN", "_fused_elemwise"])
        #expect(Op.fused(.convolution(conv, ConvolutionEpilogue(residual: true))).inputNames(count: 3) == ["data", "weight", "bias", "residual"])
    }

    @Test func theOptimizedExampleDumpsExportsAndInfersShapes() throws {
        let (reference, _) = try ReferenceCase.network("dssm_small")
        let shapes = reference.inputs.mapValues(\.shape)
        let (optimized, _) = try optimize(reference.graph, inputShapes: shapes)
        let inferred = try optimized.inferShapes(shapes)
        #expect(inferred[try #require(optimized.outputs.first)] == Shape([3, 1]))
        let dump = optimized.textDump(shapes: inferred)
        #expect(dump.contains("_fused_Convolution_add[") && dump.contains("residual=True"))
        #expect(dump.contains("_fused_elemwise[program=t0 = elemwise_mul(in0, in1); t1 = _plus_scalar[scalar=1e-09](t0)"))
        #expect(dump.contains("_fused_transpose_RNN["))
        let json = optimized.symbolJSON()
        #expect(json.contains("\"op\": \"_fused_BatchNorm_relu\""))
        #expect(throws: GraphError.self) { try Graph(symbolJSON: Data(json.utf8)) }
    }
}
