import GraphIR

/// A multi-layer, optionally bidirectional LSTM over TNC data (Gluon's `rnn.LSTM`),
/// traced as MXNet exports it: each gate matrix and bias flattened by a `Reshape(-1)`,
/// packed by `_rnn_param_concat` (weights before biases, layer by layer, `l` before `r`,
/// `i2h` before `h2h`), zero begin states `_zeros (L·D, 0, H)` named
/// `<caller's prefix><prefix>h0_0` and `…h0_1`, and one fused `RNN` node whose first output
/// (the sequence of hidden states, (T, N, D·H)) is the layer's output.
///
/// Parameters are `<prefix>{l,r}<layer>_{i2h,h2h}_{weight,bias}`; gate order is input,
/// forget, cell, output. The input size is inferred from the data when `inputSize` is 0.
public final class LSTM: UnaryBlock {
    public let core: BlockCore
    /// The size of each direction's hidden state.
    public let hiddenSize: Int
    /// The number of stacked layers.
    public let numLayers: Int
    /// Whether each layer also runs backwards in time.
    public let bidirectional: Bool
    /// Dropout between layers while training.
    public let dropout: Double
    private let parametersByName: [String: Parameter]

    /// Creates the layer; `prefix` nil names it `lstm<n>_` in the current scope. Biases
    /// start at zero unless given initializers.
    ///
    /// - Throws: `LayerError.invalidArgument` for non-positive sizes or a dropout outside [0, 1).
    public init(_ hiddenSize: Int, numLayers: Int = 1, dropout: Double = 0, bidirectional: Bool = false,
                inputSize: Int = 0, i2hWeightInitializer: (any Initializer)? = nil,
                h2hWeightInitializer: (any Initializer)? = nil, i2hBiasInitializer: any Initializer = Zeros(),
                h2hBiasInitializer: any Initializer = Zeros(), prefix: String? = nil) throws {
        try requirePositive(hiddenSize, "hiddenSize", in: "LSTM")
        try requirePositive(numLayers, "numLayers", in: "LSTM")
        try requireNonNegative(inputSize, "inputSize", in: "LSTM")
        guard dropout >= 0, dropout < 1 else {
            throw LayerError.invalidArgument(layer: "LSTM", message: "dropout must be in [0, 1), got \(dropout)")
        }
        let core = BlockCore(prefix: prefix, hint: "lstm")
        self.core = core
        self.hiddenSize = hiddenSize
        self.numLayers = numLayers
        self.bidirectional = bidirectional
        self.dropout = dropout
        let gates = RNN.gates * hiddenSize
        var layerInput = inputSize
        for layer in 0..<numLayers {
            for direction in LSTM.directionNames(bidirectional) {
                let stem = "\(direction)\(layer)_"
                core.addParameter(stem + "i2h_weight", shape: [gates, layerInput], initializer: i2hWeightInitializer)
                core.addParameter(stem + "h2h_weight", shape: [gates, hiddenSize], initializer: h2hWeightInitializer)
                core.addParameter(stem + "i2h_bias", shape: [gates], initializer: i2hBiasInitializer)
                core.addParameter(stem + "h2h_bias", shape: [gates], initializer: h2hBiasInitializer)
            }
            layerInput = hiddenSize * (bidirectional ? 2 : 1)
        }
        self.parametersByName = Dictionary(core.parameters.map { ($0.name, $0) }) { first, _ in first }
    }

    /// The op's attributes.
    public var attributes: RNN {
        RNN(stateSize: hiddenSize, numLayers: numLayers, bidirectional: bidirectional, stateOutputs: true, p: dropout)
    }

    /// The full names of the parameters in the order `_rnn_param_concat` packs them.
    public var packedParameterNames: [String] {
        ["weight", "bias"].flatMap { kind in
            (0..<numLayers).flatMap { layer in
                LSTM.directionNames(bidirectional).flatMap { direction in
                    ["i2h", "h2h"].map { "\(core.prefix)\(direction)\(layer)_\($0)_\(kind)" }
                }
            }
        }
    }

    public func callAsFunction(_ x: Symbol) -> Symbol {
        let builder = x.builder
        let stateShape = [numLayers * attributes.directions, 0, hiddenSize]
        let states = (0..<2).map { index in
            builder.node(.zeros(shape: stateShape), named: "\(core.prefix)h0_\(index)", [], hints: ["__layout__": "LNC"])
        }
        return traceCall {
            let pieces = packedParameterNames.compactMap { parametersByName[$0] }.map { parameter in
                builder.node(.reshape(shape: [-1], reverse: false), hint: "reshape", [parameter.variable(in: builder)])
            }
            let packed = builder.node(.rnnParamConcat(dim: 0), hint: "_rnn_param_concat", pieces)
            return builder.node(.rnn(attributes), hint: "rnn", [x, packed] + states)
        }
    }

    private static func directionNames(_ bidirectional: Bool) -> [String] {
        bidirectional ? ["l", "r"] : ["l"]
    }
}
