import Foundation
import Runtime
import Testing

/// A direct (no GEMM) convolution, the obvious loops in double precision.
func directConvolution(
    _ conv: ConvolutionKernel, _ input: [Float], _ weight: [Float], _ bias: [Float]
) -> [Float] {
    let groupInputs = conv.inputChannels / conv.groups
    let groupOutputs = conv.outputChannels / conv.groups
    let (height, width) = (conv.inputSize.height, conv.inputSize.width)
    let (kh, kw) = (conv.kernel.height, conv.kernel.width)
    var out: [Float] = []
    for n in 0..<conv.batch {
        for o in 0..<conv.outputChannels {
            for row in 0..<conv.outputSize.height {
                for column in 0..<conv.outputSize.width {
                    var sum = Double(bias[o])
                    for c in 0..<groupInputs {
                        let channel = o / groupOutputs * groupInputs + c
                        for i in 0..<kh {
                            for j in 0..<kw {
                                let y = row * conv.stride.height - conv.pad.height + i * conv.dilation.height
                                let x = column * conv.stride.width - conv.pad.width + j * conv.dilation.width
                                guard y >= 0, y < height, x >= 0, x < width else { continue }
                                let source = ((n * conv.inputChannels + channel) * height + y) * width + x
                                let tap = ((o * groupInputs + c) * kh + i) * kw + j
                                sum += Double(input[source]) * Double(weight[tap])
                            }
                        }
                    }
                    out.append(Float(sum))
                }
            }
        }
    }
    return out
}

/// The largest `|a − e| / max(|e|, 1e-3)`.
func maxError(_ a: [Float], _ b: [Float]) -> Float {
    guard a.count == b.count else { return .infinity }
    return zip(a, b).map { abs($0 - $1) / max(abs($1), 1e-3) }.max() ?? 0
}

@Suite struct ConvolutionTests {
    @Test func groupsDilationStrideMatchDirectLoops() throws {
        let conv = try ConvolutionKernel(
            batch: 2, inputChannels: 4, inputSize: Size2D(9, 7), outputChannels: 6,
            kernel: Size2D(3, 2), stride: Size2D(2, 1), pad: Size2D(1, 2), dilation: Size2D(2, 1), groups: 2)
        let x = randomValues(2 * 4 * 9 * 7, seed: 10)
        let w = randomValues(6 * 2 * 3 * 2, seed: 11)
        let b = randomValues(6, seed: 12)
        var out = unwritten(conv.outputShape.reduce(1, *))
        conv.apply(input: x, weight: w, bias: b, output: &out)
        #expect(maxError(out, directConvolution(conv, x, w, b)) < 1e-4)
    }

    @Test func pointwiseNeedsNoScratchAndMatches() throws {
        let conv = try ConvolutionKernel(
            batch: 2, inputChannels: 6, inputSize: Size2D(5, 5), outputChannels: 4,
            kernel: .square(1), groups: 2)
        #expect(conv.isPointwise && conv.scratchCount == 0)
        let x = randomValues(2 * 6 * 25, seed: 13)
        let (w, b) = (randomValues(4 * 3, seed: 14), randomValues(4, seed: 15))
        var out = unwritten(conv.outputShape.reduce(1, *))
        conv.apply(input: x, weight: w, bias: b, output: &out)
        #expect(maxError(out, directConvolution(conv, x, w, b)) < 1e-4)
    }

    @Test func residualAndActivationEpilogue() throws {
        let conv = try ConvolutionKernel(
            batch: 1, inputChannels: 3, inputSize: .square(6), outputChannels: 4,
            kernel: .square(3), pad: .square(1))
        let x = randomValues(3 * 36, seed: 16)
        let (w, b) = (randomValues(4 * 27, seed: 17), randomValues(4, seed: 18))
        let residual = randomValues(4 * 36, seed: 19)
        var out = unwritten(4 * 36)
        conv.apply(input: x, weight: w, bias: b, residual: residual, activation: .relu, output: &out)
        let expected = zip(directConvolution(conv, x, w, b), residual).map { max($0 + $1, 0) }
        #expect(maxError(out, expected) < 1e-4)
    }

    @Test func bitIdenticalAcrossThreadCounts() throws {
        let conv = try ConvolutionKernel(
            batch: 2, inputChannels: 16, inputSize: .square(48), outputChannels: 64,
            kernel: .square(3), pad: .square(1))
        let x = randomValues(2 * 16 * 48 * 48, seed: 20)
        let w = randomValues(64 * 16 * 9, seed: 21)
        let b = randomValues(64, seed: 22)
        let outputs = [1, 2, 4].map { threads in
            var out = unwritten(conv.outputShape.reduce(1, *))
            conv.apply(input: x, weight: w, bias: b, activation: .relu, output: &out, threads: threads)
            return out
        }
        #expect(outputs[0] == outputs[1])
        #expect(outputs[0] == outputs[2])
        #expect(!outputs[0].contains { $0.isNaN })
    }

    @Test func rejectsKernelLargerThanInput() {
        #expect(throws: KernelError.self) {
            try ConvolutionKernel(
                batch: 1, inputChannels: 1, inputSize: .square(2), outputChannels: 1, kernel: .square(5))
        }
    }
}

@Suite struct PoolingAndNormTests {
    @Test func fixGammaIgnoresStoredGamma() throws {
        let norm = try BatchNormKernel(batch: 1, channels: 2, spatialCount: 1, epsilon: 1e-5, fixGamma: true)
        var out = unwritten(2)
        norm.apply(
            input: [3, 5], gamma: [0.5, 3.0], beta: [0.1, -0.2], mean: [1, 2], variance: [4, 9], output: &out)
        #expect(abs(out[0] - 1.1) < 1e-5 && abs(out[1] - 0.8) < 1e-5)
    }

    @Test func globalAveragePoolingIgnoresKernelStrideAndPad() throws {
        let pool = try PoolingKernel(
            kind: .average, batch: 1, channels: 1, inputSize: .square(5), kernel: .square(2),
            stride: .square(3), pad: .square(1), global: true)
        var out = unwritten(1)
        pool.apply(input: [Float](repeating: 1, count: 25), output: &out)
        #expect(pool.outputSize == .square(1) && out == [1])
    }

    @Test func validFloorsAndFullCeils() throws {
        let sizes = try [PoolingKernel.Convention.valid, .full].map { convention in
            try PoolingKernel(
                kind: .max, batch: 1, channels: 1, inputSize: .square(28), kernel: .square(3),
                stride: .square(2), convention: convention).outputSize
        }
        #expect(sizes == [.square(13), .square(14)])
    }

    @Test func averageCanExcludePadding() throws {
        let pool = try PoolingKernel(
            kind: .average, batch: 1, channels: 1, inputSize: .square(2), kernel: .square(2),
            pad: .square(1), countIncludePad: false)
        var out = unwritten(9)
        pool.apply(input: [Float](repeating: 2, count: 4), output: &out)
        #expect(out == [Float](repeating: 2, count: 9))
    }

    @Test func softmaxRowsMatchDefinition() throws {
        let x = randomValues(3 * 5, seed: 30).map { $0 * 20 }
        var out = unwritten(15)
        try SoftmaxKernel(rows: 3, columns: 5).apply(x, to: &out)
        for row in 0..<3 {
            let values = x[row * 5..<row * 5 + 5].map { Foundation.exp(Double($0)) }
            let total = values.reduce(0, +)
            #expect(maxError(Array(out[row * 5..<row * 5 + 5]), values.map { Float($0 / total) }) < 1e-5)
        }
    }
}

@Suite struct EmbeddingTests {
    let table = (0..<10 * 2).map(Float.init)

    private func lookup(_ indices: [Float], clip: Bool = false) throws -> [Float] {
        var out = unwritten(indices.count * 2)
        try EmbeddingKernel(inputDim: 10, outputDim: 2, clip: clip)
            .apply(indices: indices, count: indices.count, weight: table, output: &out)
        return out
    }

    @Test func outOfRangeThrowsWithValueAndPosition() {
        #expect(throws: KernelError.indexOutOfRange(value: 10, position: 1, inputDim: 10)) {
            try lookup([3, 10])
        }
        #expect(throws: KernelError.indexOutOfRange(value: -1, position: 0, inputDim: 10)) {
            try lookup([-1])
        }
        #expect(KernelError.indexOutOfRange(value: 10, position: 1, inputDim: 10).description.contains("10"))
    }

    @Test func fractionalIndexThrows() {
        #expect(throws: KernelError.indexNotWhole(value: 2.5, position: 2)) { try lookup([0, 1, 2.5]) }
        #expect(throws: KernelError.self) { try lookup([.nan]) }
    }

    @Test func clipTruncatesAndClamps() throws {
        #expect(try lookup([-3, 12, 2.7, 9], clip: true) == [0, 1, 18, 19, 4, 5, 18, 19])
    }
}
