import Foundation

/// Inference-mode batch normalization over axis 1 of an `(batch, channels, spatial…)`
/// tensor (MXNet `BatchNorm` with running statistics):
/// `y = (x − mean) / sqrt(variance + epsilon) · gamma + beta`.
public struct BatchNormKernel: Hashable, Sendable {
    /// Leading dimension: the product of the axes before the channel axis.
    public let batch: Int
    /// The channel axis' length.
    public let channels: Int
    /// The product of the axes after the channel axis.
    public let spatialCount: Int
    /// Added to the variance before the square root (MXNet's default is 1e-3).
    public let epsilon: Float
    /// When true the stored gamma is ignored and taken as 1 (MXNet's default).
    public let fixGamma: Bool

    /// Checks the sizes.
    public init(
        batch: Int, channels: Int, spatialCount: Int, epsilon: Float = 1e-3, fixGamma: Bool = true
    ) throws {
        try require(
            batch > 0 && channels > 0 && spatialCount > 0, "BatchNorm",
            "batch \(batch), channels \(channels) and spatial size \(spatialCount) must be positive")
        try require(epsilon >= 0, "BatchNorm", "epsilon \(epsilon) is negative")
        self.batch = batch
        self.channels = channels
        self.spatialCount = spatialCount
        self.epsilon = epsilon
        self.fixGamma = fixGamma
    }

    /// Normalizes `input` into `output` (which may be `input`) with per-channel `gamma`,
    /// `beta`, running `mean` and `variance`, then applies `activation` when given.
    public func apply(
        input: UnsafePointer<Float>, gamma: UnsafePointer<Float>, beta: UnsafePointer<Float>,
        mean: UnsafePointer<Float>, variance: UnsafePointer<Float>,
        output: UnsafeMutablePointer<Float>, activation: ActivationFunction? = nil, threads: Int = 1
    ) {
        let chunk = chunkSize(count: batch * channels, cost: spatialCount)
        parallelFor(batch * channels, chunk: chunk, threads: threads) { planes in
            for plane in planes {
                let channel = plane % channels
                let scale = (fixGamma ? 1 : gamma[channel]) / sqrt(variance[channel] + epsilon)
                let (center, shift) = (mean[channel], beta[channel])
                let source = input + plane * spatialCount
                let target = output + plane * spatialCount
                for index in 0..<spatialCount {
                    target[index] = (source[index] - center) * scale + shift
                }
                activation?.apply(target, to: target, count: spatialCount)
            }
        }
    }
}
