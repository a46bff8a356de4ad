import GraphIR

/// A fully connected layer (Gluon's `nn.Dense`): `FullyConnected` node `<prefix>fwd`, then
/// an optional activation child `<prefix><act>_` whose node is `<prefix><act>_fwd`.
///
/// The weight is `(units, inUnits)`; with `inUnits` 0 it is inferred from the data. Like
/// Gluon, the layer flattens its input to 2-D by default.
public final class Dense: UnaryBlock {
    public let core: BlockCore
    /// The number of outputs.
    public let units: Int
    /// Whether inputs of rank > 2 are flattened to (batch, features).
    public let flatten: Bool
    /// `<prefix>weight`, `(units, inUnits)`.
    public let weight: Parameter
    /// `<prefix>bias`, `(units,)`, zeros by default.
    public let bias: Parameter?
    /// The activation applied to the output.
    public let activation: Activation?

    /// Creates the layer; `prefix` nil names it `dense<n>_` in the current scope.
    ///
    /// - Throws: `LayerError.invalidArgument` when `units` is not positive or `inUnits` negative.
    public init(_ units: Int, activation: ActivationKind? = nil, useBias: Bool = true, flatten: Bool = true,
                inUnits: Int = 0, weightInitializer: (any Initializer)? = nil,
                biasInitializer: any Initializer = Zeros(), prefix: String? = nil) throws {
        try requirePositive(units, "units", in: "Dense")
        try requireNonNegative(inUnits, "inUnits", in: "Dense")
        let core = BlockCore(prefix: prefix, hint: "dense")
        self.core = core
        self.units = units
        self.flatten = flatten
        self.weight = core.addParameter("weight", shape: [units, inUnits], initializer: weightInitializer)
        self.bias = useBias ? core.addParameter("bias", shape: [units], initializer: biasInitializer) : nil
        self.activation = core.addActivation(activation)
    }

    public func callAsFunction(_ x: Symbol) -> Symbol {
        traceCall {
            let attributes = FullyConnected(numHidden: units, noBias: bias == nil, flatten: flatten)
            return traceWeighted(.fullyConnected(attributes), x, weight: weight, bias: bias, activation: activation)
        }
    }
}
