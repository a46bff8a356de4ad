import Foundation
import Runtime
import Testing

/// A plain scalar LSTMKernel stack written from the documented equations, in double precision.
private struct ScalarLSTM {
    let steps: Int, batch: Int, inputSize: Int, hidden: Int, layers: Int, directions: Int

    /// Returns the output sequence and the final hidden and cell states.
    func run(_ input: [Float], _ parameters: [Float], _ h0: [Float], _ c0: [Float])
        -> (output: [Double], hidden: [Double], cell: [Double]) {
        var sequence = input.map(Double.init)
        var width = inputSize
        var weightOffset = 0
        var biasOffset = (0..<layers).reduce(0) { total, layer in
            total + directions * 4 * hidden * ((layer == 0 ? inputSize : directions * hidden) + hidden)
        }
        var finalHidden = [Double](repeating: 0, count: layers * directions * batch * hidden)
        var finalCell = finalHidden
        for layer in 0..<layers {
            var next = [Double](repeating: 0, count: steps * batch * directions * hidden)
            for direction in 0..<directions {
                let wx = weightOffset, wh = wx + 4 * hidden * width
                weightOffset = wh + 4 * hidden * hidden
                let bx = biasOffset, bh = bx + 4 * hidden
                biasOffset = bh + 4 * hidden
                let state = (layer * directions + direction) * batch * hidden
                var h = (0..<batch * hidden).map { Double(h0[state + $0]) }
                var c = (0..<batch * hidden).map { Double(c0[state + $0]) }
                let times = direction == 0 ? Array(0..<steps) : Array((0..<steps).reversed())
                for t in times {
                    var newH = h
                    for n in 0..<batch {
                        func gate(_ g: Int, _ j: Int) -> Double {
                            let row = g * hidden + j
                            var sum = Double(parameters[bx + row]) + Double(parameters[bh + row])
                            for k in 0..<width {
                                let x = sequence[(t * batch + n) * width + k]
                                sum += Double(parameters[wx + row * width + k]) * x
                            }
                            for k in 0..<hidden {
                                sum += Double(parameters[wh + row * hidden + k]) * h[n * hidden + k]
                            }
                            return sum
                        }
                        for j in 0..<hidden {
                            let i = 1 / (1 + exp(-gate(0, j))), f = 1 / (1 + exp(-gate(1, j)))
                            let g = tanh(gate(2, j)), o = 1 / (1 + exp(-gate(3, j)))
                            c[n * hidden + j] = f * c[n * hidden + j] + i * g
                            newH[n * hidden + j] = o * tanh(c[n * hidden + j])
                            let column = direction * hidden + j
                            next[(t * batch + n) * directions * hidden + column] = newH[n * hidden + j]
                        }
                    }
                    h = newH
                }
                finalHidden.replaceSubrange(state..<state + batch * hidden, with: h)
                finalCell.replaceSubrange(state..<state + batch * hidden, with: c)
            }
            sequence = next
            width = directions * hidden
        }
        return (sequence, finalHidden, finalCell)
    }
}

/// The largest `|a − e| / max(|e|, 1e-3)`.
private func relativeError(_ actual: [Float], _ expected: [Double]) -> Double {
    guard actual.count == expected.count else { return .infinity }
    return zip(actual, expected).map { abs(Double($0) - $1) / max(abs($1), 1e-3) }.max() ?? 0
}

@Suite struct LSTMTests {
    /// (layers, bidirectional): 2 bidirectional layers, and 3 forward ones (alternating buffers).
    @Test(arguments: [(2, true), (3, false)])
    func matchesScalarReference(layers: Int, bidirectional: Bool) throws {
        let lstm = try LSTMKernel(
            sequenceLength: 4, batch: 3, inputSize: 5, hiddenSize: 3, layers: layers,
            bidirectional: bidirectional)
        #expect(lstm.outputShape == [4, 3, lstm.directions * 3])
        #expect(lstm.stateShape == [layers * lstm.directions, 3, 3])
        let stateCount = lstm.stateShape.reduce(1, *)
        let input = randomValues(4 * 3 * 5, seed: 1)
        let parameters = randomValues(lstm.parameterCount, seed: 2)
        let (h0, c0) = (randomValues(stateCount, seed: 3), randomValues(stateCount, seed: 4))
        var out = unwritten(lstm.outputShape.reduce(1, *))
        var (hN, cN) = (unwritten(stateCount), unwritten(stateCount))
        lstm.apply(
            input: input, parameters: parameters, initialHidden: h0, initialCell: c0,
            output: &out, finalHidden: &hN, finalCell: &cN)
        let reference = ScalarLSTM(
            steps: 4, batch: 3, inputSize: 5, hidden: 3, layers: layers, directions: lstm.directions)
            .run(input, parameters, h0, c0)
        #expect(relativeError(out, reference.output) < 1e-4)
        #expect(relativeError(hN, reference.hidden) < 1e-4)
        #expect(relativeError(cN, reference.cell) < 1e-4)
    }

    @Test func bitIdenticalAcrossThreadCounts() throws {
        let lstm = try LSTMKernel(
            sequenceLength: 7, batch: 4, inputSize: 24, hiddenSize: 40, layers: 2, bidirectional: true)
        let input = randomValues(7 * 4 * 24, seed: 5)
        let parameters = randomValues(lstm.parameterCount, seed: 6)
        var scratch = unwritten(lstm.scratchCount)
        let outputs = [1, 2, 4].map { threads in
            var out = unwritten(lstm.outputShape.reduce(1, *))
            lstm.apply(
                input: input, parameters: parameters, output: &out, scratch: &scratch, threads: threads)
            return out
        }
        #expect(outputs[0] == outputs[1])
        #expect(outputs[0] == outputs[2])
        #expect(!outputs[0].contains { $0.isNaN })
    }
}
