import GraphIR

/// ResNet v2 with basic blocks (Gluon model zoo's `ResNetV2`), named as Gluon names it
/// (`resnetv20_stage1_conv0_weight` …).
///
/// `features`: BatchNorm without scale or center on the input, 7×7/2 convolution (or a 3×3
/// one for `thumbnail`), BatchNorm, relu, 3×3/2 max pooling, one stage per entry of
/// `layers`, BatchNorm, relu, global average pooling, flatten. `output`: a dense classifier.
public final class ResNetV2: UnaryBlock {
    public let core: BlockCore
    /// Everything but the classifier: (N, 3, H, W) → (N, channels.last).
    public let features: HybridSequential
    /// The classifier.
    public let output: Dense

    /// Creates the network: `layers[i]` basic blocks in stage `i + 1` with `channels[i + 1]`
    /// channels; `channels[0]` is the stem's width. `prefix` nil names it `resnetv2<n>_`.
    ///
    /// - Throws: `LayerError.invalidArgument` unless `channels` has one more entry than
    ///   `layers` and every count is positive.
    public init(layers: [Int], channels: [Int], classes: Int = 1000, thumbnail: Bool = false,
                prefix: String? = nil) throws {
        guard !layers.isEmpty, channels.count == layers.count + 1 else {
            throw LayerError.invalidArgument(
                layer: "ResNetV2", message: "needs one more channel count than layer counts, got \(channels.count) and \(layers.count)")
        }
        for count in layers { try requirePositive(count, "blocks per stage", in: "ResNetV2") }
        for count in channels { try requirePositive(count, "channels", in: "ResNetV2") }
        let core = BlockCore(prefix: prefix, hint: "resnetv2")
        self.core = core
        let (features, output) = try core.withNameScope {
            let features = HybridSequential(prefix: "")
            features.add(try BatchNorm(center: false, scale: false))
            if thumbnail {
                features.add(try Conv2D(channels[0], kernelSize: 3, padding: 1, useBias: false))
            } else {
                features.add(try Conv2D(channels[0], kernelSize: 7, strides: 2, padding: 3, useBias: false),
                             try BatchNorm(), Activation(.relu), try MaxPool2D(poolSize: 3, strides: 2, padding: 1))
            }
            var inChannels = channels[0]
            for (index, count) in layers.enumerated() {
                features.add(try ResNetV2.stage(index + 1, blocks: count, channels: channels[index + 1],
                                                stride: index == 0 ? 1 : 2, inChannels: inChannels))
                inChannels = channels[index + 1]
            }
            features.add(try BatchNorm(), Activation(.relu), GlobalAvgPool2D(), Flatten())
            return (features, try Dense(classes, inUnits: inChannels))
        }
        self.features = features
        self.output = output
        core.register(features)
        core.register(output)
    }

    /// ResNet-18 v2: two basic blocks per stage, 64 to 512 channels.
    public static func resnet18(classes: Int = 1000, prefix: String? = nil) throws -> ResNetV2 {
        try ResNetV2(layers: [2, 2, 2, 2], channels: [64, 64, 128, 256, 512], classes: classes, prefix: prefix)
    }

    /// ResNet-34 v2: 3, 4, 6 and 3 basic blocks per stage.
    public static func resnet34(classes: Int = 1000, prefix: String? = nil) throws -> ResNetV2 {
        try ResNetV2(layers: [3, 4, 6, 3], channels: [64, 64, 128, 256, 512], classes: classes, prefix: prefix)
    }

    public func callAsFunction(_ x: Symbol) -> Symbol {
        traceCall { output(features(x)) }
    }

    /// Stage `index`: a `stage<index>_` container of `blocks` basic blocks, the first one
    /// strided and downsampling when the width changes.
    private static func stage(_ index: Int, blocks: Int, channels: Int, stride: Int,
                              inChannels: Int) throws -> HybridSequential {
        let stage = HybridSequential(prefix: "stage\(index)_")
        try stage.core.withNameScope {
            stage.add(try BasicBlockV2(channels: channels, stride: stride, downsample: channels != inChannels,
                                       inChannels: inChannels, prefix: ""))
            for _ in 1..<max(blocks, 1) {
                stage.add(try BasicBlockV2(channels: channels, stride: 1, inChannels: channels, prefix: ""))
            }
        }
        return stage
    }
}
