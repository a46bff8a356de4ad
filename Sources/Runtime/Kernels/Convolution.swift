/// A 2-D convolution over NCHW tensors (MXNet `Convolution`), computed as im2col + GEMM.
///
/// The input is `(batch, inputChannels, height, width)`, the weight
/// `(outputChannels, inputChannels / groups, kernel.height, kernel.width)` and the output
/// `(batch, outputChannels, outputHeight, outputWidth)`. A 1×1 kernel with stride 1 and no
/// padding is one plain GEMM per image and group, with no scratch.
public struct ConvolutionKernel: Hashable, Sendable {
    /// Images in the batch.
    public let batch: Int
    /// Input channels.
    public let inputChannels: Int
    /// Input height and width.
    public let inputSize: Size2D
    /// Output channels (`num_filter`).
    public let outputChannels: Int
    /// Kernel height and width.
    public let kernel: Size2D
    /// Step between windows.
    public let stride: Size2D
    /// Zeros added on each side.
    public let pad: Size2D
    /// Spacing between kernel taps.
    public let dilation: Size2D
    /// Channel groups; input and output channels are split evenly among them.
    public let groups: Int
    /// Output height and width.
    public let outputSize: Size2D

    /// Checks the geometry and computes the output size.
    public init(
        batch: Int, inputChannels: Int, inputSize: Size2D, outputChannels: Int,
        kernel: Size2D, stride: Size2D = .square(1), pad: Size2D = .square(0),
        dilation: Size2D = .square(1), groups: Int = 1
    ) throws {
        let op = "Convolution"
        try require(
            batch > 0 && inputChannels > 0 && outputChannels > 0 && groups > 0, op,
            "batch, channels and groups must be positive")
        try require(
            inputChannels % groups == 0 && outputChannels % groups == 0, op,
            "\(inputChannels) input and \(outputChannels) output channels do not split into \(groups) groups")
        try require(
            min(kernel.height, kernel.width, stride.height, stride.width,
                dilation.height, dilation.width) > 0 && min(pad.height, pad.width) >= 0, op,
            "kernel \(kernel), stride \(stride), dilation \(dilation) must be positive, "
                + "pad \(pad) not negative")
        let extent = Size2D(
            dilation.height * (kernel.height - 1) + 1, dilation.width * (kernel.width - 1) + 1)
        let height = inputSize.height + 2 * pad.height - extent.height
        let width = inputSize.width + 2 * pad.width - extent.width
        try require(
            height >= 0 && width >= 0, op,
            "kernel \(kernel) with dilation \(dilation) exceeds padded input \(inputSize) + 2×\(pad)")
        self.batch = batch
        self.inputChannels = inputChannels
        self.inputSize = inputSize
        self.outputChannels = outputChannels
        self.kernel = kernel
        self.stride = stride
        self.pad = pad
        self.dilation = dilation
        self.groups = groups
        self.outputSize = Size2D(height / stride.height + 1, width / stride.width + 1)
    }

    /// Whether the convolution is a plain matrix product (1×1 kernel, stride 1, no padding).
    public var isPointwise: Bool {
        kernel == .square(1) && stride == .square(1) && pad == .square(0)
    }

    /// The output shape `(batch, outputChannels, outputHeight, outputWidth)`.
    public var outputShape: [Int] {
        [batch, outputChannels, outputSize.height, outputSize.width]
    }

    /// Floats of scratch `apply` needs: one image's im2col matrix (0 when pointwise).
    public var scratchCount: Int {
        isPointwise ? 0 : columnRows * outputSize.height * outputSize.width
    }

    /// Rows of the im2col matrix: input channels × kernel taps.
    private var columnRows: Int { inputChannels * kernel.height * kernel.width }

    /// Convolves `input` with `weight`, then adds `bias` (per output channel) and `residual`
    /// (an output-shaped tensor) when given, then applies `activation` when given.
    ///
    /// `scratch` holds `scratchCount` floats; when nil a temporary buffer is used. The work
    /// is split into fixed GEMM tiles, so the result does not depend on `threads`.
    public func apply(
        input: UnsafePointer<Float>, weight: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
        residual: UnsafePointer<Float>? = nil, activation: ActivationFunction? = nil,
        output: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>? = nil,
        threads: Int = 1
    ) {
        let pixels = outputSize.height * outputSize.width
        let outputCount = batch * outputChannels * pixels
        let initialized = bias != nil || residual != nil
        if initialized {
            initialize(output, bias: bias, residual: residual, pixels: pixels, threads: threads)
        }
        withScratch(scratch, count: scratchCount) { scratch in
            let groupOutputs = outputChannels / groups
            let depth = columnRows / groups
            for image in 0..<batch {
                let source = input + image * inputChannels * inputSize.height * inputSize.width
                let columns: UnsafePointer<Float>
                if isPointwise {
                    columns = source
                } else {
                    im2col(source, into: scratch, threads: threads)
                    columns = UnsafePointer(scratch)
                }
                let target = output + image * outputChannels * pixels
                for group in 0..<groups {
                    GEMM.multiply(
                        m: groupOutputs, n: pixels, k: depth,
                        a: weight + group * groupOutputs * depth, lda: depth,
                        b: columns + group * depth * pixels, ldb: pixels,
                        beta: initialized ? 1 : 0,
                        c: target + group * groupOutputs * pixels, ldc: pixels, threads: threads)
                }
            }
        }
        if let activation {
            activation.apply(output, to: output, count: outputCount, threads: threads)
        }
    }

    /// Fills the output with the residual plus the bias, the GEMM then accumulating on top.
    private func initialize(
        _ output: UnsafeMutablePointer<Float>, bias: UnsafePointer<Float>?,
        residual: UnsafePointer<Float>?, pixels: Int, threads: Int
    ) {
        parallelFor(batch * outputChannels, threads: threads) { planes in
            for plane in planes {
                let value = bias?[plane % outputChannels] ?? 0
                let target = output + plane * pixels
                if let residual {
                    let source = residual + plane * pixels
                    for index in 0..<pixels { target[index] = source[index] + value }
                } else {
                    target.update(repeating: value, count: pixels)
                }
            }
        }
    }

    /// Writes one image's `(channels × kernel taps) × (output pixels)` im2col matrix,
    /// with zeros where a tap falls in the padding.
    private func im2col(
        _ image: UnsafePointer<Float>, into columns: UnsafeMutablePointer<Float>, threads: Int
    ) {
        let (height, width) = (inputSize.height, inputSize.width)
        let (outHeight, outWidth) = (outputSize.height, outputSize.width)
        let taps = kernel.height * kernel.width
        let chunk = chunkSize(count: columnRows, cost: outHeight * outWidth)
        parallelFor(columnRows, chunk: chunk, threads: threads) { rows in
            for row in rows {
                let channel = row / taps
                let tapRow = row % taps / kernel.width * dilation.height - pad.height
                let tapColumn = row % kernel.width * dilation.width - pad.width
                let plane = image + channel * height * width
                var target = columns + row * outHeight * outWidth
                for outRow in 0..<outHeight {
                    let y = outRow * stride.height + tapRow
                    if y < 0 || y >= height {
                        target.update(repeating: 0, count: outWidth)
                    } else {
                        let line = plane + y * width
                        for outColumn in 0..<outWidth {
                            let x = outColumn * stride.width + tapColumn
                            target[outColumn] = x >= 0 && x < width ? line[x] : 0
                        }
                    }
                    target += outWidth
                }
            }
        }
    }
}
