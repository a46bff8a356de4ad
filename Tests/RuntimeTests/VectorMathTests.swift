import Foundation
@testable import Runtime
import Testing

/// The four-lane functions stay within a few float roundings of the C library's (results
/// below 1e-30, where the logistic of a very negative input underflows, count absolutely).
struct VectorMathTests {
    private let samples: [Float] = stride(from: -30, through: 30, by: 0.001).map(Float.init)
        + [-100, -90, -88, -1e-6, 0, 1e-6, 1e-3, 88, 90, 100]

    private func worst(_ vector: (SIMD4<Float>) -> SIMD4<Float>, _ scalar: (Float) -> Float) -> Float {
        var worst: Float = 0
        for x in samples {
            let (mine, theirs) = (vector(SIMD4(repeating: x))[0], scalar(x))
            worst = max(worst, abs(mine - theirs) / max(abs(theirs), 1e-30))
        }
        return worst
    }

    @Test func expMatchesFoundation() {
        let inRange = samples.filter { abs($0) < 87 }
        let error = inRange.map { x in abs(VectorMath.exp(SIMD4(repeating: x))[0] - Foundation.exp(x)) / Foundation.exp(x) }.max() ?? 0
        #expect(error < 4e-7)
    }

    @Test func logisticAndTanhMatchFoundation() {
        #expect(worst(VectorMath.logistic, { 1 / (1 + Foundation.exp(-$0)) }) < 4e-7)
        #expect(worst(VectorMath.tanh, Foundation.tanh) < 4e-7)
        #expect(VectorMath.tanh(SIMD4(-100, 100, 0, 1e-30)) == SIMD4(-1, 1, 0, 1e-30))
    }
}
