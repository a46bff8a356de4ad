/// An op made by the optimization passes from several MXNet ops, run as one kernel.
///
/// Fused ops are not MXNet ops: their `mxnetName` starts with `_fused_`, which MXNet does not
/// know, so an optimized graph plots and dumps sensibly but exports to MXNet only where it
/// has no fused op.
public enum FusedOp: Hashable, Sendable {
    /// `Convolution`, then its epilogue: a residual add (the last input) and an activation.
    case convolution(Convolution, ConvolutionEpilogue)
    /// `FullyConnected`, then an activation.
    case fullyConnected(FullyConnected, ActivationKind)
    /// `BatchNorm`, then an activation, in one pass over memory.
    case batchNorm(BatchNorm, ActivationKind)
    /// `RNN` reading its data batch-major, `(batch, sequence, features)`: the
    /// `transpose(axes=(1, 0, 2))` that fed it TNC data is folded into the kernel.
    case batchMajorRNN(RNN)
    /// Elementwise ops and views computed element by element in one pass.
    case elementwise(ElementwiseProgram)
}

/// What a fused convolution does to its output before writing it.
public struct ConvolutionEpilogue: Hashable, Sendable {
    /// Adds a tensor of the output's shape: the fused node's last input.
    public var residual: Bool
    /// Applied after the bias and the residual.
    public var activation: ActivationKind?

    public init(residual: Bool = false, activation: ActivationKind? = nil) {
        self.residual = residual; self.activation = activation
    }
}

/// Elementwise ops over a fused node's inputs, in order; the last step is the result.
/// Steps may be views (`expand_dims`, `squeeze`, `Reshape` …): they change the shape, not the data.
public struct ElementwiseProgram: Hashable, Sendable {
    /// What a step reads: one of the fused node's inputs or an earlier step's result.
    public enum Operand: Hashable, Sendable {
        case input(Int)
        case step(Int)
    }

    /// One op of the program.
    public struct Step: Hashable, Sendable {
        public var op: Op
        public var operands: [Operand]
        public init(op: Op, operands: [Operand]) { self.op = op; self.operands = operands }
    }

    public var steps: [Step]
    public init(steps: [Step]) { self.steps = steps }

    /// The number of inputs the program reads.
    public var inputCount: Int {
        let read = steps.flatMap(\.operands).compactMap { operand -> Int? in
            if case let .input(k) = operand { return k }
            return nil
        }
        return (read.max() ?? -1) + 1
    }

    /// `t0 = elemwise_mul(in0, in1); t1 = _plus_scalar[scalar=1e-09](t0)`: the program as text.
    public var description: String {
        steps.enumerated().map { index, step in
            let attributes = step.op.mxnetAttributes.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            let attributeText = attributes.isEmpty ? "" : "[" + attributes.joined(separator: ", ") + "]"
            let operands = step.operands.map { operand -> String in
                switch operand {
                case let .input(k): return "in\(k)"
                case let .step(k): return "t\(k)"
                }
            }
            return "t\(index) = \(step.op.mxnetName)\(attributeText)(\(operands.joined(separator: ", ")))"
        }.joined(separator: "; ")
    }
}

extension FusedOp {
    /// `_fused_Convolution_add_relu`, `_fused_FullyConnected_relu` …: not an MXNet name.
    public var mxnetName: String {
        switch self {
        case let .convolution(_, epilogue):
            return "_fused_Convolution" + (epilogue.residual ? "_add" : "") + (epilogue.activation.map { "_" + $0.rawValue } ?? "")
        case let .fullyConnected(_, activation): return "_fused_FullyConnected_" + activation.rawValue
        case let .batchNorm(_, activation): return "_fused_BatchNorm_" + activation.rawValue
        case .batchMajorRNN: return "_fused_transpose_RNN"
        case .elementwise: return "_fused_elemwise"
        }
    }

    /// The attributes of the op it extends, with the epilogue's.
    public var attributes: [String: String] {
        switch self {
        case let .convolution(a, epilogue):
            var out = Op.convolution(a).mxnetAttributes
            out["act_type"] = epilogue.activation?.rawValue
            if epilogue.residual { out["residual"] = "True" }
            return out
        case let .fullyConnected(a, activation):
            return Op.fullyConnected(a).mxnetAttributes.merging(["act_type": activation.rawValue]) { $1 }
        case let .batchNorm(a, activation):
            return Op.batchNorm(a).mxnetAttributes.merging(["act_type": activation.rawValue]) { $1 }
        case let .batchMajorRNN(a):
            return Op.rnn(a).mxnetAttributes.merging(["data_layout": "NTC"]) { $1 }
        case let .elementwise(program):
            return ["program": program.description]
        }
    }

    /// The names of the inputs, in order.
    public func inputNames(count: Int) -> [String] {
        switch self {
        case let .convolution(a, epilogue):
            return Op.convolution(a).inputNames(count: count) + (epilogue.residual ? ["residual"] : [])
        case let .fullyConnected(a, _): return Op.fullyConnected(a).inputNames(count: count)
        case let .batchNorm(a, _): return Op.batchNorm(a).inputNames(count: count)
        case let .batchMajorRNN(a): return Op.rnn(a).inputNames(count: count)
        case let .elementwise(program): return (0..<program.inputCount).map { "in\($0)" }
        }
    }
}
