import GraphIR

/// A 2-D convolution over NCHW data with square kernels (Gluon's `nn.Conv2D`):
/// `Convolution` node `<prefix>fwd`, weight `(channels, inChannels / groups, k, k)`, an
/// optional bias and activation child as in `Dense`. With `inChannels` 0 the weight's
/// second dimension is inferred from the data.
public final class Conv2D: UnaryBlock {
    public let core: BlockCore
    /// The op's attributes (kernel, stride, padding, dilation, filters, groups).
    public let attributes: Convolution
    /// `<prefix>weight`.
    public let weight: Parameter
    /// `<prefix>bias`, zeros by default.
    public let bias: Parameter?
    /// The activation applied to the output.
    public let activation: Activation?

    /// Creates the layer; `prefix` nil names it `conv<n>_` in the current scope.
    ///
    /// - Throws: `LayerError.invalidArgument` for non-positive sizes, negative padding or
    ///   channel counts that `groups` does not divide.
    public init(_ channels: Int, kernelSize: Int, strides: Int = 1, padding: Int = 0, dilation: Int = 1,
                groups: Int = 1, useBias: Bool = true, activation: ActivationKind? = nil, inChannels: Int = 0,
                weightInitializer: (any Initializer)? = nil, biasInitializer: any Initializer = Zeros(),
                prefix: String? = nil) throws {
        for (value, what) in [(channels, "channels"), (kernelSize, "kernelSize"), (strides, "strides"),
                              (dilation, "dilation"), (groups, "groups")] {
            try requirePositive(value, what, in: "Conv2D")
        }
        try requireNonNegative(padding, "padding", in: "Conv2D")
        try requireNonNegative(inChannels, "inChannels", in: "Conv2D")
        guard channels % groups == 0, inChannels % groups == 0 else {
            throw LayerError.invalidArgument(
                layer: "Conv2D", message: "groups (\(groups)) must divide channels (\(channels)) and inChannels (\(inChannels))")
        }
        let core = BlockCore(prefix: prefix, hint: "conv")
        self.core = core
        self.attributes = Convolution(kernel: [kernelSize, kernelSize], stride: [strides, strides],
                                      dilate: [dilation, dilation], pad: [padding, padding],
                                      numFilter: channels, numGroup: groups, noBias: !useBias)
        self.weight = core.addParameter("weight", shape: [channels, inChannels / groups, kernelSize, kernelSize],
                                        initializer: weightInitializer)
        self.bias = useBias ? core.addParameter("bias", shape: [channels], initializer: biasInitializer) : nil
        self.activation = core.addActivation(activation)
    }

    public func callAsFunction(_ x: Symbol) -> Symbol {
        traceCall { traceWeighted(.convolution(attributes), x, weight: weight, bias: bias, activation: activation) }
    }
}
