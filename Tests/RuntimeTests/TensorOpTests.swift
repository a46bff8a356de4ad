import Foundation
import Runtime
import Testing

/// Row-major strides of `shape`.
private func strides(_ shape: [Int]) -> [Int] {
    var result = Array(repeating: 1, count: shape.count)
    for axis in shape.indices.dropLast().reversed() { result[axis] = result[axis + 1] * shape[axis + 1] }
    return result
}

/// The multi-index of flat offset `flat` in `shape`.
private func index(_ flat: Int, _ shape: [Int]) -> [Int] {
    zip(shape, strides(shape)).map { flat / $1 % $0 }
}

@Suite struct TensorOpTests {
    @Test func gemmHonoursTransposesScalarsAndLeadingDimensions() {
        let (m, n, k) = (70, 300, 450)
        let (lda, ldb, ldc) = (m + 3, k + 2, n + 5)
        let a = randomValues(k * lda, seed: 40), b = randomValues(n * ldb, seed: 41)
        let start = randomValues(m * ldc, seed: 42)
        var expected = start
        for i in 0..<m {
            for j in 0..<n {
                let dot = (0..<k).reduce(0.0) { $0 + Double(a[$1 * lda + i]) * Double(b[j * ldb + $1]) }
                expected[i * ldc + j] = Float(0.5 * dot - 2 * Double(start[i * ldc + j]))
            }
        }
        let results = [1, 2].map { threads in
            var c = start
            GEMM.multiply(
                transposeA: true, transposeB: true, m: m, n: n, k: k, alpha: 0.5,
                a: a, lda: lda, b: b, ldb: ldb, beta: -2, c: &c, ldc: ldc, threads: threads)
            return c
        }
        let error = zip(results[0], expected).map { abs($0 - $1) / max(abs($1), 1) }.max() ?? 0
        #expect(error < 1e-4)
        #expect(results[0] == results[1])
    }

    @Test func scalarOperators() {
        let x: [Float] = [1, 2, 4]
        let expected: [ScalarOperator: [Float]] = [
            .plus: [3, 4, 6], .minus: [-1, 0, 2], .reverseMinus: [1, 0, -2], .multiply: [2, 4, 8],
            .divide: [0.5, 1, 2], .reverseDivide: [2, 1, 0.5], .power: [1, 4, 16],
        ]
        for op in ScalarOperator.allCases {
            var out = unwritten(3)
            op.apply(x, scalar: 2, to: &out, count: 3)
            #expect(out == expected[op], "\(op)")
        }
    }

    @Test func unaryOperators() throws {
        let x: [Float] = [-1.5, 0.25, 3]
        let expected: [UnaryOperator: (Float) -> Float] = [
            .relu: { max($0, 0) }, .sigmoid: { 1 / (1 + exp(-$0)) }, .tanh: { tanh($0) },
            .exp: { exp($0) }, .log: { log($0) }, .sqrt: { $0.squareRoot() },
            .square: { $0 * $0 }, .negative: { -$0 }, .abs: { abs($0) },
        ]
        for op in UnaryOperator.allCases {
            let function = try #require(expected[op])
            var out = unwritten(3)
            op.apply(x, to: &out, count: 3)
            let want = x.map(function)
            #expect(zip(out, want).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) }, "\(op)")
        }
    }

    @Test(arguments: [BinaryOperator.maximum, .minimum, .subtract])
    func broadcastMatchesIndexing(op: BinaryOperator) throws {
        let (lhsShape, rhsShape) = ([2, 1, 3, 1], [4, 1, 5])
        let broadcast = try BroadcastKernel(lhs: lhsShape, rhs: rhsShape)
        #expect(broadcast.outputShape == [2, 4, 3, 5])
        let lhs = randomValues(6, seed: 50), rhs = randomValues(20, seed: 51)
        var out = unwritten(120)
        broadcast.apply(op, lhs, rhs, to: &out)
        let expected = (0..<120).map { flat -> Float in
            let i = index(flat, [2, 4, 3, 5])
            let (a, b) = (lhs[i[0] * 3 + i[2]], rhs[i[1] * 5 + i[3]])
            switch op {
            case .maximum: return max(a, b)
            case .minimum: return min(a, b)
            default: return a - b
            }
        }
        #expect(out == expected)
        #expect(throws: KernelError.self) { try BroadcastKernel(lhs: [2, 3], rhs: [4, 3]) }
    }

    @Test func transposePermutesEveryAxis() throws {
        let shape = [2, 3, 4, 5], axes = [2, 0, 3, 1]
        let transpose = try TransposeKernel(shape: shape, axes: axes)
        #expect(transpose.outputShape == [4, 2, 5, 3])
        let x = (0..<120).map(Float.init)
        var out = unwritten(120)
        transpose.apply(x, to: &out, threads: 2)
        let expected = (0..<120).map { flat -> Float in
            let o = index(flat, transpose.outputShape)
            var source = [0, 0, 0, 0]
            for (position, axis) in axes.enumerated() { source[axis] = o[position] }
            return Float(zip(source, strides(shape)).map(*).reduce(0, +))
        }
        #expect(out == expected)
        #expect(try TransposeKernel(shape: shape, axes: nil).outputShape == [5, 4, 3, 2])
        #expect(throws: KernelError.self) { try TransposeKernel(shape: shape, axes: [0, 0, 1, 2]) }
    }

    @Test func reductionOverSeveralAxes() throws {
        let shape = [2, 3, 4, 5]
        let x = randomValues(120, seed: 60)
        let keep = try ReductionKernel(shape: shape, axes: [0, -2], keepDims: true)
        let exclude = try ReductionKernel(shape: shape, axes: [1, 3], exclude: true)
        #expect(keep.outputShape == [1, 3, 1, 5] && exclude.outputShape == [3, 5])
        var (sum, mean) = (unwritten(15), unwritten(15))
        keep.sum(x, to: &sum)
        exclude.mean(x, to: &mean)
        var expected = [Double](repeating: 0, count: 15)
        for flat in 0..<120 {
            let i = index(flat, shape)
            expected[i[1] * 5 + i[3]] += Double(x[flat])
        }
        #expect(zip(sum, expected).allSatisfy { abs(Double($0) - $1) < 1e-5 })
        #expect(zip(mean, expected).allSatisfy { abs(Double($0) - $1 / 8) < 1e-5 })
        let all = try ReductionKernel(shape: shape, axes: nil)
        var total = unwritten(1), norm = unwritten(1)
        all.sum(x, to: &total)
        all.norm(x, to: &norm)
        #expect(all.outputShape == [1] && abs(Double(total[0]) - expected.reduce(0, +)) < 1e-4)
        let squares = x.reduce(0.0) { $0 + Double($1) * Double($1) }
        #expect(abs(Double(norm[0]) - squares.squareRoot()) < 1e-5)
    }

    @Test func normDoesNotOverflow() throws {
        var out = unwritten(1)
        try ReductionKernel(shape: [2], axes: [0]).norm([3e30, 4e30], to: &out)
        #expect(abs(out[0] / 5e30 - 1) < 1e-6)
    }
}

@Suite struct ParallelTests {
    @Test(arguments: [1, 2, 4, 64])
    func everyIndexRunsOnceInFixedChunks(threads: Int) {
        var visits = [Int](repeating: 0, count: 1000)
        var starts = [Int](repeating: -1, count: 1000)
        visits.withUnsafeMutableBufferPointer { visits in
            starts.withUnsafeMutableBufferPointer { starts in
                parallelFor(1000, chunk: 64, threads: threads) { range in
                    for index in range {
                        visits[index] += 1
                        starts[index] = range.lowerBound
                    }
                }
            }
        }
        #expect(visits.allSatisfy { $0 == 1 })
        #expect(starts == (0..<1000).map { $0 / 64 * 64 })
    }
}
