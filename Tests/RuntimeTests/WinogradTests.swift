import Foundation
import Runtime
import Testing

/// Winograd F(4×4, 3×3) against direct loops, on sizes that do and do not fill whole tiles.
@Suite struct WinogradTests {
    private func packed(_ winograd: WinogradConvolutionKernel, _ weight: [Float]) -> [Float] {
        var packed = unwritten(winograd.packedWeightCount)
        weight.withUnsafeBufferPointer { source in
            packed.withUnsafeMutableBufferPointer { target in
                if let s = source.baseAddress, let t = target.baseAddress { winograd.packWeight(s, into: t) }
            }
        }
        return packed
    }

    @Test(arguments: [(2, 5, 8, 8, 1), (1, 3, 7, 9, 1), (3, 16, 14, 14, 1), (1, 4, 5, 6, 0), (2, 2, 6, 5, 2)])
    func matchesDirectLoops(batch: Int, channels: Int, height: Int, width: Int, pad: Int) throws {
        let conv = try ConvolutionKernel(
            batch: batch, inputChannels: channels, inputSize: Size2D(height, width), outputChannels: 6,
            kernel: .square(3), pad: .square(pad))
        let winograd = try #require(WinogradConvolutionKernel(conv))
        let x = randomValues(batch * channels * height * width, seed: 30)
        let w = randomValues(6 * channels * 9, seed: 31)
        let b = randomValues(6, seed: 32)
        let residual = randomValues(conv.outputShape.reduce(1, *), seed: 33)
        var out = unwritten(conv.outputShape.reduce(1, *))
        winograd.apply(input: x, packedWeight: packed(winograd, w), bias: b, residual: residual, activation: .relu, output: &out)
        let expected = zip(directConvolution(conv, x, w, b), residual).map { max($0 + $1, 0) }
        #expect(scaledError(out, expected) < 1e-5)
    }

    /// The largest absolute difference over the largest magnitude: the transforms' rounding
    /// scales with the tile's values, not with each output's own size.
    private func scaledError(_ a: [Float], _ b: [Float]) -> Float {
        guard a.count == b.count else { return .infinity }
        let scale = b.map(abs).max() ?? 1
        return zip(a, b).map { abs($0 - $1) }.max().map { $0 / max(scale, 1e-6) } ?? 0
    }

    /// Seven 28×28 images make blocks of 3, 3 and 1 images: one thread runs them in turn, two
    /// split each block's phases, four run the blocks side by side.
    @Test func bitIdenticalAcrossThreadCounts() throws {
        let conv = try ConvolutionKernel(
            batch: 7, inputChannels: 8, inputSize: .square(28), outputChannels: 16, kernel: .square(3), pad: .square(1))
        let winograd = try #require(WinogradConvolutionKernel(conv))
        #expect(winograd.blockCount == 3)
        let x = randomValues(7 * 8 * 784, seed: 34)
        let w = packed(winograd, randomValues(16 * 8 * 9, seed: 35))
        let outputs = [1, 2, 4].map { threads in
            var out = unwritten(conv.outputShape.reduce(1, *))
            winograd.apply(input: x, packedWeight: w, bias: nil, output: &out, threads: threads)
            return out
        }
        #expect(outputs[0] == outputs[1] && outputs[0] == outputs[2])
        #expect(!outputs[0].contains { $0.isNaN })
    }

    @Test func onlyThreeByThreeStrideOneSingleGroup() throws {
        let strided = try ConvolutionKernel(batch: 1, inputChannels: 2, inputSize: .square(8), outputChannels: 2,
                                            kernel: .square(3), stride: .square(2), pad: .square(1))
        let grouped = try ConvolutionKernel(batch: 1, inputChannels: 2, inputSize: .square(8), outputChannels: 2,
                                            kernel: .square(3), pad: .square(1), groups: 2)
        let wide = try ConvolutionKernel(batch: 1, inputChannels: 2, inputSize: .square(8), outputChannels: 2, kernel: .square(5))
        #expect(WinogradConvolutionKernel(strided) == nil && WinogradConvolutionKernel(grouped) == nil)
        #expect(WinogradConvolutionKernel(wide) == nil)
    }
}
