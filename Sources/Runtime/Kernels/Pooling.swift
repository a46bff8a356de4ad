/// 2-D max, average or sum pooling over NCHW tensors (MXNet `Pooling`).
///
/// The output size is `1 + (size + 2·pad − kernel) / stride`, floored for the `valid`
/// convention and rounded up for `full`. An average divides by the part of the window
/// that lies within the padded input (`size + pad` on the far side, so a window that the
/// `full` convention pushes past the padding counts only what is left), or by the number of
/// real input elements when `countIncludePad` is false. Global pooling covers the whole
/// plane and ignores kernel, stride and pad.
public struct PoolingKernel: Hashable, Sendable {
    /// The reduction applied over each window.
    public enum Kind: String, Hashable, Sendable {
        /// The largest value (padding never wins).
        case max
        /// The mean (`avg`).
        case average = "avg"
        /// The sum.
        case sum
    }

    /// How the output size is rounded (`pooling_convention`).
    public enum Convention: String, Hashable, Sendable {
        /// Floor: windows never run past the padding.
        case valid
        /// Ceiling: a last, partial window is kept.
        case full
    }

    /// The reduction.
    public let kind: Kind
    /// Images × channels: the planes pooled independently.
    public let planes: Int
    /// Input height and width.
    public let inputSize: Size2D
    /// The window actually used (the whole plane for global pooling).
    public let kernel: Size2D
    /// Step between windows.
    public let stride: Size2D
    /// Padding on each side.
    public let pad: Size2D
    /// Whether an average counts padded positions in its divisor.
    public let countIncludePad: Bool
    /// Output height and width.
    public let outputSize: Size2D

    /// Checks the geometry and computes the output size.
    public init(
        kind: Kind, batch: Int, channels: Int, inputSize: Size2D,
        kernel: Size2D, stride: Size2D = .square(1), pad: Size2D = .square(0),
        convention: Convention = .valid, global: Bool = false, countIncludePad: Bool = true
    ) throws {
        let op = "Pooling"
        try require(
            batch > 0 && channels > 0 && inputSize.height > 0 && inputSize.width > 0, op,
            "batch, channels and input size \(inputSize) must be positive")
        self.kind = kind
        self.planes = batch * channels
        self.inputSize = inputSize
        self.countIncludePad = countIncludePad
        if global {
            self.kernel = inputSize
            self.stride = .square(1)
            self.pad = .square(0)
            self.outputSize = .square(1)
            return
        }
        try require(
            min(kernel.height, kernel.width, stride.height, stride.width) > 0
                && min(pad.height, pad.width) >= 0, op,
            "kernel \(kernel) and stride \(stride) must be positive, pad \(pad) not negative")
        let height = inputSize.height + 2 * pad.height - kernel.height
        let width = inputSize.width + 2 * pad.width - kernel.width
        try require(
            height >= 0 && width >= 0, op,
            "kernel \(kernel) exceeds padded input \(inputSize) + 2×\(pad)")
        let round = { (span: Int, step: Int) in
            convention == .valid ? span / step : (span + step - 1) / step
        }
        self.kernel = kernel
        self.stride = stride
        self.pad = pad
        self.outputSize = Size2D(
            1 + round(height, stride.height), 1 + round(width, stride.width))
    }

    /// Pools each `(height, width)` plane of `input` into `output`.
    public func apply(
        input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>, threads: Int = 1
    ) {
        let inputPlane = inputSize.height * inputSize.width
        let outputPlane = outputSize.height * outputSize.width
        let chunk = chunkSize(count: planes, cost: inputPlane)
        parallelFor(planes, chunk: chunk, threads: threads) { planeRange in
            for plane in planeRange {
                pool(input + plane * inputPlane, into: output + plane * outputPlane)
            }
        }
    }

    /// Pools one plane.
    private func pool(_ input: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>) {
        if kind == .max {
            maxPool(input, into: output)
            return
        }
        for row in 0..<outputSize.height {
            let rows = window(row, stride.height, kernel.height, pad.height, inputSize.height)
            for column in 0..<outputSize.width {
                let columns = window(column, stride.width, kernel.width, pad.width, inputSize.width)
                var result: Float = 0
                for y in rows.inside {
                    let line = input + y * inputSize.width
                    for x in columns.inside { result += line[x] }
                }
                if kind == .average {
                    let divisor = countIncludePad
                        ? rows.padded * columns.padded : rows.inside.count * columns.inside.count
                    result /= Float(max(divisor, 1))
                }
                output[row * outputSize.width + column] = result
            }
        }
    }

    /// Max-pools one plane: per output row, the maximum over the window's input rows first
    /// (a vectorized pass over whole lines), then over each window's columns. The maximum
    /// does not depend on the order, so this equals the window-by-window loop.
    private func maxPool(_ input: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>) {
        let width = inputSize.width
        withUnsafeTemporaryAllocation(of: Float.self, capacity: max(width, 1)) { buffer in
            guard let line = buffer.baseAddress else { return }
            for row in 0..<outputSize.height {
                let rows = window(row, stride.height, kernel.height, pad.height, inputSize.height)
                line.update(repeating: -.greatestFiniteMagnitude, count: width)
                for y in rows.inside {
                    let source = input + y * width
                    for x in 0..<width { line[x] = max(line[x], source[x]) }
                }
                let target = output + row * outputSize.width
                // Columns whose window lies inside the line need no clipping.
                let interior = min(outputSize.width, (pad.width + stride.width - 1) / stride.width)
                    ..< max(0, min(outputSize.width, (width + pad.width - kernel.width) / stride.width + 1))
                for column in 0..<outputSize.width {
                    var result: Float = -.greatestFiniteMagnitude
                    if interior.contains(column) {
                        let start = line + column * stride.width - pad.width
                        for x in 0..<kernel.width { result = max(result, start[x]) }
                    } else {
                        let columns = window(column, stride.width, kernel.width, pad.width, width)
                        for x in columns.inside { result = max(result, line[x]) }
                    }
                    target[column] = result
                }
            }
        }
    }

    /// One axis of the window at output index `index`: the input positions it covers, and
    /// its length within the padded input.
    private func window(
        _ index: Int, _ step: Int, _ size: Int, _ padding: Int, _ extent: Int
    ) -> (inside: Range<Int>, padded: Int) {
        let start = index * step - padding
        let end = min(start + size, extent + padding)
        let first = max(start, 0)
        return (first..<max(min(end, extent), first), max(end - start, 0))
    }
}
