import GraphIR

/// Batch normalisation (Gluon's `nn.BatchNorm`): `BatchNorm` node `<prefix>fwd` with
/// `gamma`, `beta`, `running_mean` and `running_var` of shape `(inChannels,)`, inferred
/// from the data when `inChannels` is 0.
///
/// As in Gluon 1.x, `scale: false` sets `fix_gamma` (gamma is taken as 1) and makes gamma
/// non-trainable; `center: false` keeps beta in the graph but makes it non-trainable. The
/// running statistics are never trainable (they are MXNet's auxiliary states).
public final class BatchNorm: UnaryBlock {
    public let core: BlockCore
    /// The op's attributes (`eps`, `momentum`, `fix_gamma`, `use_global_stats`, `axis`).
    public let attributes: GraphIR.BatchNorm
    /// `<prefix>gamma`, ones.
    public let gamma: Parameter
    /// `<prefix>beta`, zeros.
    public let beta: Parameter
    /// `<prefix>running_mean`, zeros.
    public let runningMean: Parameter
    /// `<prefix>running_var`, ones.
    public let runningVariance: Parameter

    /// Creates the layer; `prefix` nil names it `batchnorm<n>_` in the current scope.
    ///
    /// - Throws: `LayerError.invalidArgument` for a negative axis or channel count, a
    ///   non-positive epsilon or a momentum outside [0, 1].
    public init(axis: Int = 1, momentum: Double = 0.9, epsilon: Double = 1e-5, center: Bool = true,
                scale: Bool = true, useGlobalStats: Bool = false, inChannels: Int = 0,
                prefix: String? = nil) throws {
        try requireNonNegative(axis, "axis", in: "BatchNorm")
        try requireNonNegative(inChannels, "inChannels", in: "BatchNorm")
        guard epsilon > 0, epsilon.isFinite, (0...1).contains(momentum) else {
            throw LayerError.invalidArgument(
                layer: "BatchNorm", message: "needs epsilon > 0 and momentum in [0, 1], got \(epsilon), \(momentum)")
        }
        let core = BlockCore(prefix: prefix, hint: "batchnorm")
        self.core = core
        self.attributes = GraphIR.BatchNorm(eps: epsilon, momentum: momentum, fixGamma: !scale,
                                            useGlobalStats: useGlobalStats, axis: axis)
        let shape = [inChannels]
        self.gamma = core.addParameter("gamma", shape: shape, isTrainable: scale, initializer: Ones())
        self.beta = core.addParameter("beta", shape: shape, isTrainable: center, initializer: Zeros())
        self.runningMean = core.addParameter("running_mean", shape: shape, isTrainable: false, initializer: Zeros())
        self.runningVariance = core.addParameter("running_var", shape: shape, isTrainable: false, initializer: Ones())
    }

    public func callAsFunction(_ x: Symbol) -> Symbol {
        traceCall {
            let builder = x.builder
            let inputs = [x] + [gamma, beta, runningMean, runningVariance].map { $0.variable(in: builder) }
            return builder.node(.batchNorm(attributes), named: "fwd", inputs)
        }
    }
}
