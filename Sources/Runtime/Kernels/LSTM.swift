/// MXNet's `RNN` operator in `lstm` mode: a stack of (optionally bidirectional) LSTMKernel
/// layers over a `(sequenceLength, batch, inputSize)` sequence (layout TNC).
///
/// Per step, with gates in MXNet's order input, forget, cell, output:
/// `i, f, o = σ(Wx·x + bx + Wh·h + bh)`, `g = tanh(…)`, `c' = f·c + i·g`, `h' = o·tanh(c')`.
/// The output is `(sequenceLength, batch, directions · hiddenSize)`, the forward direction's
/// `h` then the backward one's; states are `(layers · directions, batch, hiddenSize)`.
///
/// Parameters come as MXNet's packed vector: every weight first, for each layer and each
/// direction (forward, then backward) the input weight `(4H, inputs)` then the recurrent
/// weight `(4H, H)`, where a layer above the first has `directions · H` inputs; then every
/// bias in the same order, input bias `(4H)` then recurrent bias `(4H)`.
public struct LSTMKernel: Hashable, Sendable {
    /// Time steps (T).
    public let sequenceLength: Int
    /// Sequences in the batch (N).
    public let batch: Int
    /// Features per step of the first layer's input.
    public let inputSize: Int
    /// Units per direction (H, `state_size`).
    public let hiddenSize: Int
    /// Stacked layers (`num_layers`).
    public let layers: Int
    /// 2 when bidirectional, else 1.
    public let directions: Int
    /// The input is `(batch, sequenceLength, inputSize)` (NTC) instead of TNC: the first
    /// layer's input projection reads it per sequence, so no transpose is needed.
    public let batchMajorInput: Bool

    /// Checks the sizes.
    public init(
        sequenceLength: Int, batch: Int, inputSize: Int, hiddenSize: Int,
        layers: Int = 1, bidirectional: Bool = false, batchMajorInput: Bool = false
    ) throws {
        try require(
            min(sequenceLength, batch, inputSize, hiddenSize, layers) > 0, "RNN",
            "sequence length \(sequenceLength), batch \(batch), input size \(inputSize), "
                + "state size \(hiddenSize) and layers \(layers) must be positive")
        self.sequenceLength = sequenceLength
        self.batch = batch
        self.inputSize = inputSize
        self.hiddenSize = hiddenSize
        self.layers = layers
        self.directions = bidirectional ? 2 : 1
        self.batchMajorInput = batchMajorInput
    }

    /// Floats in the packed parameter vector.
    public var parameterCount: Int {
        (0..<layers).reduce(0) { $0 + directions * 4 * hiddenSize * (layerInputs($1) + hiddenSize + 2) }
    }

    /// The output shape `(sequenceLength, batch, directions · hiddenSize)`.
    public var outputShape: [Int] { [sequenceLength, batch, directions * hiddenSize] }

    /// The shape of each begin or final state, `(layers · directions, batch, hiddenSize)`.
    public var stateShape: [Int] { [layers * directions, batch, hiddenSize] }

    /// Floats of scratch `apply` needs: gate pre-activations and cell state per direction,
    /// and up to two intermediate layer outputs.
    public var scratchCount: Int {
        directions * (gateCount + batch * hiddenSize)
            + min(layers - 1, 2) * stepCount * directions * hiddenSize
    }

    /// Rows of the time-major sequence: T·N.
    private var stepCount: Int { sequenceLength * batch }
    /// Gate pre-activations of one direction over the whole sequence: T·N·4H.
    private var gateCount: Int { stepCount * 4 * hiddenSize }
    /// Features per step entering `layer`.
    private func layerInputs(_ layer: Int) -> Int { layer == 0 ? inputSize : directions * hiddenSize }

    /// Runs the stack over `input`. Nil begin states are zeros; nil final states are not
    /// written. `scratch` holds `scratchCount` floats (a temporary buffer when nil).
    ///
    /// Each layer computes the input projection of all steps as one GEMM per direction,
    /// then the recurrence step by step; the directions run concurrently when `threads > 1`.
    /// Nothing is split across threads in a way that changes a sum, so the result does not
    /// depend on `threads`.
    public func apply(
        input: UnsafePointer<Float>, parameters: UnsafePointer<Float>,
        initialHidden: UnsafePointer<Float>? = nil, initialCell: UnsafePointer<Float>? = nil,
        output: UnsafeMutablePointer<Float>,
        finalHidden: UnsafeMutablePointer<Float>? = nil, finalCell: UnsafeMutablePointer<Float>? = nil,
        scratch: UnsafeMutablePointer<Float>? = nil, threads: Int = 1
    ) {
        withScratch(scratch, count: scratchCount) { scratch in
            let layerOutputs = scratch + directions * (gateCount + batch * hiddenSize)
            var layerInput = input
            var weights = parameters
            var biases = parameters + (0..<layers).reduce(0) {
                $0 + directions * 4 * hiddenSize * (layerInputs($1) + hiddenSize)
            }
            for layer in 0..<layers {
                let layerOutput = layer == layers - 1
                    ? output : layerOutputs + layer % 2 * stepCount * directions * hiddenSize
                let inputs = layerInputs(layer)
                let (layerWeights, layerBiases) = (weights, biases)
                parallelFor(directions, threads: threads) { range in
                    for direction in range {
                        let plan = DirectionPlan(
                            direction: direction, state: layer * directions + direction,
                            inputWeight: layerWeights + direction * 4 * hiddenSize * (inputs + hiddenSize),
                            bias: layerBiases + direction * 8 * hiddenSize,
                            gates: scratch + direction * gateCount,
                            cell: scratch + directions * gateCount + direction * batch * hiddenSize)
                        runDirection(
                            plan, inputs: inputs, input: layerInput, batchMajor: batchMajorInput && layer == 0,
                            output: layerOutput,
                            initialHidden: initialHidden, initialCell: initialCell,
                            finalHidden: finalHidden, finalCell: finalCell,
                            threads: max(threads / directions, 1))
                    }
                }
                layerInput = UnsafePointer(layerOutput)
                weights += directions * 4 * hiddenSize * (inputs + hiddenSize)
                biases += directions * 8 * hiddenSize
            }
        }
    }

    /// Where one direction of one layer reads its parameters and keeps its state.
    private struct DirectionPlan {
        /// 0 runs forward in time, 1 backward.
        let direction: Int
        /// Index of this layer and direction in the state tensors.
        let state: Int
        /// The input weight; the recurrent weight follows it.
        let inputWeight: UnsafePointer<Float>
        /// The input bias; the recurrent bias follows it.
        let bias: UnsafePointer<Float>
        /// Scratch for the gate pre-activations of every step.
        let gates: UnsafeMutablePointer<Float>
        /// Scratch for the cell state.
        let cell: UnsafeMutablePointer<Float>
    }

    /// One direction of one layer over the whole sequence.
    private func runDirection(
        _ plan: DirectionPlan, inputs: Int, input: UnsafePointer<Float>, batchMajor: Bool,
        output: UnsafeMutablePointer<Float>,
        initialHidden: UnsafePointer<Float>?, initialCell: UnsafePointer<Float>?,
        finalHidden: UnsafeMutablePointer<Float>?, finalCell: UnsafeMutablePointer<Float>?,
        threads: Int
    ) {
        let (hidden, width) = (hiddenSize, 4 * hiddenSize)
        let outputWidth = directions * hidden
        let recurrentWeight = plan.inputWeight + width * inputs
        if batchMajor {
            // One sequence's steps are contiguous in the input; its gate rows are `batch` apart.
            for item in 0..<batch {
                GEMM.multiply(
                    transposeB: true, m: sequenceLength, n: width, k: inputs,
                    a: input + item * sequenceLength * inputs, lda: inputs, b: plan.inputWeight, ldb: inputs,
                    c: plan.gates + item * width, ldc: batch * width, threads: threads)
            }
        } else {
            GEMM.multiply(
                transposeB: true, m: stepCount, n: width, k: inputs,
                a: input, lda: inputs, b: plan.inputWeight, ldb: inputs,
                c: plan.gates, ldc: width, threads: threads)
        }
        addBiases(plan.bias, to: plan.gates)
        let stateOffset = plan.state * batch * hidden
        if let initialCell {
            plan.cell.update(from: initialCell + stateOffset, count: batch * hidden)
        } else {
            plan.cell.update(repeating: 0, count: batch * hidden)
        }
        let forward = plan.direction == 0
        var previous: (UnsafePointer<Float>, stride: Int)? = initialHidden.map { ($0 + stateOffset, hidden) }
        for step in 0..<sequenceLength {
            let time = forward ? step : sequenceLength - 1 - step
            let gates = plan.gates + time * batch * width
            if let (hiddenState, stride) = previous {
                if batch <= Self.vectorBatch {
                    for item in 0..<batch {
                        GEMM.multiplyVector(
                            rows: width, columns: hidden, a: recurrentWeight, lda: hidden,
                            x: hiddenState + item * stride, beta: 1, y: gates + item * width)
                    }
                } else {
                    GEMM.multiply(
                        transposeB: true, m: batch, n: width, k: hidden,
                        a: hiddenState, lda: stride, b: recurrentWeight, ldb: hidden,
                        beta: 1, c: gates, ldc: width)
                }
            }
            let target = output + time * batch * outputWidth + plan.direction * hidden
            updateCell(gates: gates, cell: plan.cell, hidden: target, hiddenStride: outputWidth)
            previous = (UnsafePointer(target), outputWidth)
        }
        let last = output + (forward ? sequenceLength - 1 : 0) * batch * outputWidth + plan.direction * hidden
        for item in 0..<batch {
            finalHidden?.advanced(by: stateOffset + item * hidden)
                .update(from: last + item * outputWidth, count: hidden)
        }
        finalCell?.advanced(by: stateOffset).update(from: plan.cell, count: batch * hidden)
    }

    /// Batches up to this size multiply the recurrent weight by one hidden state at a time.
    static let vectorBatch = 4

    /// Adds the input and recurrent biases to every row of the gate pre-activations.
    private func addBiases(_ bias: UnsafePointer<Float>, to gates: UnsafeMutablePointer<Float>) {
        let width = 4 * hiddenSize
        for row in 0..<stepCount {
            let line = gates + row * width
            for index in 0..<width { line[index] += bias[index] + bias[width + index] }
        }
    }

    /// Applies the gate nonlinearities of one step and updates the cell and hidden states,
    /// four units at a time; a last partial group goes through a zero-padded copy.
    private func updateCell(
        gates: UnsafeMutablePointer<Float>, cell: UnsafeMutablePointer<Float>,
        hidden: UnsafeMutablePointer<Float>, hiddenStride: Int
    ) {
        let size = hiddenSize
        let whole = size / 4 * 4
        for item in 0..<batch {
            let line = UnsafePointer(gates + item * 4 * size)
            let state = cell + item * size
            let out = hidden + item * hiddenStride
            for unit in stride(from: 0, to: whole, by: 4) {
                let (c, h) = Self.cellStep(
                    Self.load(line + unit), Self.load(line + size + unit), Self.load(line + 2 * size + unit),
                    Self.load(line + 3 * size + unit), Self.load(state + unit))
                UnsafeMutableRawPointer(state + unit).storeBytes(of: c, as: SIMD4<Float>.self)
                UnsafeMutableRawPointer(out + unit).storeBytes(of: h, as: SIMD4<Float>.self)
            }
            guard whole < size else { continue }
            withUnsafeTemporaryAllocation(of: SIMD4<Float>.self, capacity: 5) { buffer in
                guard let lanes = buffer.baseAddress else { return }
                lanes.initialize(repeating: SIMD4(), count: 5)
                for lane in 0..<size - whole {
                    for gate in 0..<4 { lanes[gate][lane] = line[gate * size + whole + lane] }
                    lanes[4][lane] = state[whole + lane]
                }
                let (c, h) = Self.cellStep(lanes[0], lanes[1], lanes[2], lanes[3], lanes[4])
                for lane in 0..<size - whole {
                    state[whole + lane] = c[lane]
                    out[whole + lane] = h[lane]
                }
            }
        }
    }

    /// `c' = σ(f)·c + σ(i)·tanh(g)` and `h' = σ(o)·tanh(c')` for four units.
    @inline(__always)
    private static func cellStep(
        _ input: SIMD4<Float>, _ forget: SIMD4<Float>, _ candidate: SIMD4<Float>, _ output: SIMD4<Float>,
        _ cell: SIMD4<Float>
    ) -> (cell: SIMD4<Float>, hidden: SIMD4<Float>) {
        let c = VectorMath.logistic(forget) * cell + VectorMath.logistic(input) * VectorMath.tanh(candidate)
        return (c, VectorMath.logistic(output) * VectorMath.tanh(c))
    }

    @inline(__always)
    private static func load(_ source: UnsafePointer<Float>) -> SIMD4<Float> {
        UnsafeRawPointer(source).loadUnaligned(as: SIMD4<Float>.self)
    }
}
