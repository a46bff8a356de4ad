/// One operator of the graph IR. Op names and attributes are MXNet's, so that a traced graph
/// reads like the hybridized symbol and MXNet exports load unchanged.
public enum Op: Hashable, Sendable {
    /// A graph input or parameter (MXNet's `null` op).
    case variable
    /// `FullyConnected`: `y = x·Wᵀ + b`.
    case fullyConnected(FullyConnected)
    /// `Activation`.
    case activation(ActivationKind)
    /// `Embedding`: rows of the weight picked by float indices.
    case embedding(Embedding)
    /// `RNN` (LSTM mode; several layers; bidirectional).
    case rnn(RNN)
    /// `Convolution` (2-D, NCHW).
    case convolution(Convolution)
    /// `BatchNorm` at inference: running statistics, optional `fix_gamma`.
    case batchNorm(BatchNorm)
    /// `Pooling` (2-D, NCHW).
    case pooling(Pooling)
    /// `Flatten`: (N, ...) → (N, product).
    case flatten
    /// `Concat` along `dim`.
    case concat(dim: Int)
    /// `_rnn_param_concat`: `Concat` whose one unknown input is inferred from the output.
    case rnnParamConcat(dim: Int)
    /// `Dropout`: the identity at inference.
    case dropout(p: Double)
    /// `transpose`; empty axes reverse all axes.
    case transpose(axes: [Int])
    /// `sum` / `mean` over axes (nil: all axes).
    case reduce(Reduce)
    /// `norm`: the L2 (or L1) norm over axes.
    case norm(Norm)
    /// `expand_dims`.
    case expandDims(axis: Int)
    /// `squeeze`; nil removes every axis of size 1.
    case squeeze(axes: [Int]?)
    /// `batch_dot`.
    case batchDot(transposeA: Bool, transposeB: Bool)
    /// `Reshape` with MXNet's special codes 0, -1, -2, -3, -4.
    case reshape(shape: [Int], reverse: Bool)
    /// `elemwise_add` and friends: operands of one shape.
    case elemwise(BinaryKind)
    /// `broadcast_add` and friends: numpy broadcasting.
    case broadcast(BinaryKind)
    /// `_plus_scalar` and friends.
    case scalar(ScalarKind, Double)
    /// Unary elementwise math (`relu`, `exp`, `sqrt` …).
    case unary(UnaryKind)
    /// `softmax` over an axis, of the inputs divided by `temperature`.
    case softmax(axis: Int, temperature: Double)
    /// `_zeros`: a constant; dimensions of 0 are filled by shape inference.
    case zeros(shape: [Int])
    /// `_copy` / `identity`.
    case identity
    /// Several ops run as one kernel, made by the optimization passes (not an MXNet op).
    case fused(FusedOp)
}

/// Attributes of `FullyConnected`.
public struct FullyConnected: Hashable, Sendable {
    public var numHidden: Int
    public var noBias: Bool
    public var flatten: Bool
    public init(numHidden: Int, noBias: Bool = false, flatten: Bool = true) {
        self.numHidden = numHidden; self.noBias = noBias; self.flatten = flatten
    }
}

/// `Activation`'s `act_type`.
public enum ActivationKind: String, Hashable, Sendable, CaseIterable {
    case relu, sigmoid, tanh, softrelu, softsign
}

/// Attributes of `Embedding`.
public struct Embedding: Hashable, Sendable {
    public var inputDim: Int
    public var outputDim: Int
    public init(inputDim: Int, outputDim: Int) { self.inputDim = inputDim; self.outputDim = outputDim }
}

/// Attributes of `RNN`.
public struct RNN: Hashable, Sendable {
    /// Only `lstm` is supported.
    public var mode: String
    public var stateSize: Int
    public var numLayers: Int
    public var bidirectional: Bool
    public var stateOutputs: Bool
    /// Dropout between layers: ignored at inference.
    public var p: Double
    public init(mode: String = "lstm", stateSize: Int, numLayers: Int, bidirectional: Bool,
                stateOutputs: Bool = false, p: Double = 0) {
        self.mode = mode; self.stateSize = stateSize; self.numLayers = numLayers
        self.bidirectional = bidirectional; self.stateOutputs = stateOutputs; self.p = p
    }
    /// 2 when bidirectional, else 1.
    public var directions: Int { bidirectional ? 2 : 1 }
    /// The LSTM's gate count (input, forget, cell, output).
    public static let gates = 4

    /// The length of the packed parameter vector for the given input size; nil when it
    /// overflows `Int`. The first layer reads `inputSize` features, the others `d × h`.
    public func packedParameterCount(inputSize: Int) -> Int? {
        let h = stateSize, d = directions
        guard numLayers > 0 else { return 0 }
        func product(_ a: Int, _ b: Int) -> Int? {
            let (value, overflow) = a.multipliedReportingOverflow(by: b)
            return overflow ? nil : value
        }
        func sum(_ a: Int, _ b: Int) -> Int? {
            let (value, overflow) = a.addingReportingOverflow(b)
            return overflow ? nil : value
        }
        /// `d × g × (inputs + h + 2)` for one layer.
        func layer(inputs: Int?) -> Int? {
            guard let g = product(RNN.gates, h), let inputs, let width = sum(inputs, h).flatMap({ sum($0, 2) }) else { return nil }
            return product(g, width).flatMap { product(d, $0) }
        }
        guard let first = layer(inputs: inputSize), let rest = layer(inputs: product(d, h)),
              let others = product(numLayers - 1, rest) else { return nil }
        return sum(first, others)
    }
}

/// Attributes of `Convolution` (2-D).
public struct Convolution: Hashable, Sendable {
    public var kernel: [Int]
    public var stride: [Int]
    public var dilate: [Int]
    public var pad: [Int]
    public var numFilter: Int
    public var numGroup: Int
    public var noBias: Bool
    public init(kernel: [Int], stride: [Int] = [1, 1], dilate: [Int] = [1, 1], pad: [Int] = [0, 0],
                numFilter: Int, numGroup: Int = 1, noBias: Bool = false) {
        self.kernel = kernel; self.stride = stride; self.dilate = dilate; self.pad = pad
        self.numFilter = numFilter; self.numGroup = numGroup; self.noBias = noBias
    }
}

/// Attributes of `BatchNorm`.
public struct BatchNorm: Hashable, Sendable {
    public var eps: Double
    public var momentum: Double
    /// Gamma is taken as 1, whatever is stored.
    public var fixGamma: Bool
    public var useGlobalStats: Bool
    public var axis: Int
    public init(eps: Double = 1e-3, momentum: Double = 0.9, fixGamma: Bool = true,
                useGlobalStats: Bool = false, axis: Int = 1) {
        self.eps = eps; self.momentum = momentum; self.fixGamma = fixGamma
        self.useGlobalStats = useGlobalStats; self.axis = axis
    }
}

/// `Pooling`'s `pool_type`.
public enum PoolKind: String, Hashable, Sendable { case max, avg, sum }

/// `Pooling`'s `pooling_convention`: `valid` floors the output size, `full` ceils it.
public enum PoolingConvention: String, Hashable, Sendable { case valid, full }

/// Attributes of `Pooling` (2-D).
public struct Pooling: Hashable, Sendable {
    public var kernel: [Int]
    public var kind: PoolKind
    public var globalPool: Bool
    public var convention: PoolingConvention
    public var stride: [Int]
    public var pad: [Int]
    public var countIncludePad: Bool
    public init(kernel: [Int], kind: PoolKind, globalPool: Bool = false,
                convention: PoolingConvention = .valid, stride: [Int] = [1, 1], pad: [Int] = [0, 0],
                countIncludePad: Bool = true) {
        self.kernel = kernel; self.kind = kind; self.globalPool = globalPool
        self.convention = convention; self.stride = stride; self.pad = pad
        self.countIncludePad = countIncludePad
    }
}

/// `sum` or `mean`.
public enum ReduceKind: String, Hashable, Sendable { case sum, mean }

/// Attributes of `sum` and `mean`.
public struct Reduce: Hashable, Sendable {
    public var kind: ReduceKind
    /// nil: every axis.
    public var axes: [Int]?
    public var keepDims: Bool
    /// Reduce over every axis *but* `axes`.
    public var exclude: Bool
    public init(kind: ReduceKind, axes: [Int]?, keepDims: Bool = false, exclude: Bool = false) {
        self.kind = kind; self.axes = axes; self.keepDims = keepDims; self.exclude = exclude
    }
}

/// Attributes of `norm`.
public struct Norm: Hashable, Sendable {
    /// 1 or 2.
    public var ord: Int
    /// nil: every axis.
    public var axes: [Int]?
    public var keepDims: Bool
    public init(ord: Int = 2, axes: [Int]?, keepDims: Bool = false) {
        self.ord = ord; self.axes = axes; self.keepDims = keepDims
    }
}

/// Binary elementwise arithmetic.
public enum BinaryKind: String, Hashable, Sendable, CaseIterable {
    case add, sub, mul, div, maximum, minimum, power
}

/// Arithmetic with a scalar operand.
public enum ScalarKind: String, Hashable, Sendable, CaseIterable {
    /// x + s, x − s, s − x, x·s, x / s, s / x, x^s, max(x, s), min(x, s).
    case plus, minus, rminus, mul, div, rdiv, power, maximum, minimum
}

/// Unary elementwise math.
public enum UnaryKind: String, Hashable, Sendable, CaseIterable {
    case relu, sigmoid, tanh, exp, log, sqrt, square, negative, abs
}
