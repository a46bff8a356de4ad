import GraphIR

/// Maps indices to rows of a weight (Gluon's `nn.Embedding`): `Embedding` node `<prefix>fwd`
/// with weight `<prefix>weight` of shape `(inputDim, outputDim)`. Indices are float32.
public final class Embedding: UnaryBlock {
    public let core: BlockCore
    /// The vocabulary size.
    public let inputDim: Int
    /// The size of each row.
    public let outputDim: Int
    /// `<prefix>weight`.
    public let weight: Parameter

    /// Creates the layer; `prefix` nil names it `embedding<n>_` in the current scope.
    ///
    /// - Throws: `LayerError.invalidArgument` when a size is not positive.
    public init(_ inputDim: Int, _ outputDim: Int, weightInitializer: (any Initializer)? = nil,
                prefix: String? = nil) throws {
        try requirePositive(inputDim, "inputDim", in: "Embedding")
        try requirePositive(outputDim, "outputDim", in: "Embedding")
        let core = BlockCore(prefix: prefix, hint: "embedding")
        self.core = core
        self.inputDim = inputDim
        self.outputDim = outputDim
        self.weight = core.addParameter("weight", shape: [inputDim, outputDim], initializer: weightInitializer)
    }

    public func callAsFunction(_ x: Symbol) -> Symbol {
        traceCall {
            let attributes = GraphIR.Embedding(inputDim: inputDim, outputDim: outputDim)
            return x.builder.node(.embedding(attributes), named: "fwd", [x, weight.variable(in: x.builder)])
        }
    }
}
