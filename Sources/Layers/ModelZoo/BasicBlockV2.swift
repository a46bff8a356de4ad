import GraphIR

/// The pre-activation residual block of ResNet v2 for 18 and 34 layers (Gluon model zoo's
/// `BasicBlockV2`): BatchNorm, relu, 3×3 convolution (with `stride`), BatchNorm, relu,
/// 3×3 convolution, plus the input — or, with `downsample`, a strided 1×1 convolution of
/// the first activation.
///
/// As in Gluon, the block opens no name scope of its own: its layers are named in the scope
/// current at construction (the stage's, `stage2_conv0_` …), and the model zoo creates it
/// with the prefix `""`, so its `activation<n>` and `_plus<n>` nodes are the stage's too.
public final class BasicBlockV2: UnaryBlock {
    public let core: BlockCore
    private let bn1: BatchNorm
    private let conv1: Conv2D
    private let bn2: BatchNorm
    private let conv2: Conv2D
    private let downsample: Conv2D?

    /// Creates the block; `prefix` nil names it `basicblockv2<n>_`.
    ///
    /// - Throws: `LayerError.invalidArgument` for non-positive sizes.
    public init(channels: Int, stride: Int, downsample: Bool = false, inChannels: Int = 0,
                prefix: String? = nil) throws {
        self.core = BlockCore(prefix: prefix, hint: "basicblockv2")
        self.bn1 = try BatchNorm()
        self.conv1 = try Conv2D(channels, kernelSize: 3, strides: stride, padding: 1, useBias: false,
                                inChannels: inChannels)
        self.bn2 = try BatchNorm()
        self.conv2 = try Conv2D(channels, kernelSize: 3, padding: 1, useBias: false, inChannels: channels)
        self.downsample = downsample
            ? try Conv2D(channels, kernelSize: 1, strides: stride, useBias: false, inChannels: inChannels)
            : nil
        for child: (any Block)? in [bn1, conv1, bn2, conv2, self.downsample] {
            if let child { core.register(child) }
        }
    }

    public func callAsFunction(_ x: Symbol) -> Symbol {
        traceCall {
            let activated = bn1(x).activated(.relu)
            let residual = downsample.map { $0(activated) } ?? x
            let y = conv2(bn2(conv1(activated)).activated(.relu))
            return x.builder.node(.elemwise(.add), hint: "_plus", [y, residual])
        }
    }
}
