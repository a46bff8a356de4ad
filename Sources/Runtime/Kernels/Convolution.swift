/// A 2-D convolution over NCHW tensors (MXNet `Convolution`), computed as im2col + GEMM.
///
/// The input is `(batch, inputChannels, height, width)`, the weight
/// `(outputChannels, inputChannels / groups, kernel.height, kernel.width)` and the output
/// `(batch, outputChannels, outputHeight, outputWidth)`. A 1×1 kernel with stride 1 and no
/// padding multiplies the input itself, with no scratch.
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

    /// Floats of scratch `apply` needs: an im2col band per slot (0 when pointwise).
    public var scratchCount: Int { isPointwise ? 0 : slots * columnRows * bandRows * outputSize.width }

    /// Rows of the im2col matrix: input channels × kernel taps.
    private var columnRows: Int { inputChannels * kernel.height * kernel.width }

    /// Output rows per band: a band's im2col matrix holds about 2^17 floats (half a MiB), so
    /// that it is still in cache when the GEMM reads it.
    var bandRows: Int { max(1, min(outputSize.height, (1 << 17) / max(columnRows * outputSize.width, 1))) }
    /// Bands per image.
    private var bands: Int { (outputSize.height + bandRows - 1) / bandRows }
    /// Bands that can be worked on at once, each with its own im2col scratch.
    private var slots: Int { min(batch * bands, 4) }

    /// Convolves `input` with `weight`, then adds `bias` (per output channel) and `residual`
    /// (an output-shaped tensor) when given, then applies `activation` when given.
    ///
    /// The output is cut into bands of `bandRows` rows of one image; each band is an im2col
    /// matrix and one GEMM per group. Bands run side by side, one per thread, when there are
    /// enough of them, else one after another with each GEMM split into fixed tiles. Either
    /// way every band is computed the same way, so the result does not depend on `threads`.
    /// `scratch` holds `scratchCount` floats; when nil a temporary buffer is used.
    public func apply(
        input: UnsafePointer<Float>, weight: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
        residual: UnsafePointer<Float>? = nil, activation: ActivationFunction? = nil,
        output: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>? = nil,
        threads: Int = 1
    ) {
        withScratch(scratch, count: scratchCount) { scratch in
            let slotSize = columnRows * bandRows * outputSize.width
            runUnits(batch * bands, slots: slots, threads: threads) { unit, slot, threads in
                band(unit % bands, of: unit / bands, input: input, weight: weight, bias: bias, residual: residual,
                     activation: activation, output: output, columns: scratch + slot * slotSize, threads: threads)
            }
        }
    }

    /// Computes output rows `band · bandRows ..< …` of `image`.
    private func band(
        _ band: Int, of image: Int, input: UnsafePointer<Float>, weight: UnsafePointer<Float>,
        bias: UnsafePointer<Float>?, residual: UnsafePointer<Float>?, activation: ActivationFunction?,
        output: UnsafeMutablePointer<Float>, columns: UnsafeMutablePointer<Float>, threads: Int
    ) {
        let pixels = outputSize.height * outputSize.width
        let firstRow = band * bandRows
        let rows = min(bandRows, outputSize.height - firstRow)
        let (start, count) = (firstRow * outputSize.width, rows * outputSize.width)
        let source = input + image * inputChannels * inputSize.height * inputSize.width
        let target = output + image * outputChannels * pixels + start
        let initialized = bias != nil || residual != nil
        if initialized {
            for channel in 0..<outputChannels {
                let line = target + channel * pixels
                let value = bias?[channel] ?? 0
                if let residual {
                    let extra = residual + image * outputChannels * pixels + channel * pixels + start
                    for index in 0..<count { line[index] = extra[index] + value }
                } else {
                    line.update(repeating: value, count: count)
                }
            }
        }
        let matrix: UnsafePointer<Float>
        let rowStride: Int
        if isPointwise {
            (matrix, rowStride) = (source + start, pixels)
        } else {
            im2col(source, rows: firstRow..<firstRow + rows, into: columns, threads: threads)
            (matrix, rowStride) = (UnsafePointer(columns), count)
        }
        let groupOutputs = outputChannels / groups
        let depth = columnRows / groups
        for group in 0..<groups {
            GEMM.multiply(
                m: groupOutputs, n: count, k: depth,
                a: weight + group * groupOutputs * depth, lda: depth,
                b: matrix + group * depth * rowStride, ldb: rowStride,
                beta: initialized ? 1 : 0,
                c: target + group * groupOutputs * pixels, ldc: pixels, threads: threads)
        }
        if let activation {
            for channel in 0..<outputChannels {
                activation.apply(target + channel * pixels, to: target + channel * pixels, count: count)
            }
        }
    }

    /// Writes the im2col matrix of output rows `rows` of one image: `(channels × kernel taps)
    /// × (rows · outputWidth)`, with zeros where a tap falls in the padding.
    private func im2col(
        _ image: UnsafePointer<Float>, rows: Range<Int>, into columns: UnsafeMutablePointer<Float>, threads: Int
    ) {
        let (height, width, outWidth) = (inputSize.height, inputSize.width, outputSize.width)
        let taps = kernel.height * kernel.width
        let length = rows.count * outWidth
        let chunk = chunkSize(count: columnRows, cost: length)
        parallelFor(columnRows, chunk: chunk, threads: threads) { range in
            for row in range {
                let channel = row / taps
                let tapRow = row % taps / kernel.width * dilation.height - pad.height
                let tapColumn = row % kernel.width * dilation.width - pad.width
                let plane = image + channel * height * width
                // Output columns whose tap lands inside the image: x = column · stride + tapColumn ∈ [0, width).
                let first = min(outWidth, max(0, (-tapColumn + stride.width - 1) / stride.width))
                let end = max(first, min(outWidth, (width - tapColumn + stride.width - 1) / stride.width))
                var target = columns + row * length
                for outRow in rows {
                    let y = outRow * stride.height + tapRow
                    if y < 0 || y >= height {
                        target.update(repeating: 0, count: outWidth)
                    } else {
                        let line = plane + y * width + tapColumn
                        target.update(repeating: 0, count: first)
                        if stride.width == 1 {
                            (target + first).update(from: line + first, count: end - first)
                        } else {
                            var column = first
                            if stride.width == 2 {
                                // Four outputs from eight inputs, while the eighth is inside the row.
                                while column + 4 <= end, 2 * column + 7 + tapColumn < width {
                                    let a = UnsafeRawPointer(line + 2 * column).loadUnaligned(as: SIMD4<Float>.self)
                                    let b = UnsafeRawPointer(line + 2 * column + 4).loadUnaligned(as: SIMD4<Float>.self)
                                    UnsafeMutableRawPointer(target + column).storeBytes(
                                        of: SIMD4(a[0], a[2], b[0], b[2]), as: SIMD4<Float>.self)
                                    column += 4
                                }
                            }
                            for tail in column..<end { target[tail] = line[tail * stride.width] }
                        }
                        (target + end).update(repeating: 0, count: outWidth - end)
                    }
                    target += outWidth
                }
            }
        }
    }
}
