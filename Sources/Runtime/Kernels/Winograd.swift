/// A 3×3, stride-1 convolution computed with Winograd's minimal filtering F(4×4, 3×3).
///
/// Each 4×4 output tile comes from a 6×6 input tile: `Y = Aᵀ[(G g Gᵀ) ⊙ (Bᵀ d B)]A`. The
/// weights are transformed once (`packWeight`, at compile time) into 36 matrices
/// `U[ξ] (outputChannels × inputChannels)`. A run cuts the batch into blocks of whole images
/// holding at least `blockTiles` tiles; per block it transforms the input tiles into
/// `V[ξ] (inputChannels × tiles)`, multiplies `M[ξ] = U[ξ]·V[ξ]` (36 GEMMs with the block's
/// tiles as columns) and transforms `M` back. That is 36 multiply-adds per tile and channel
/// pair where the direct method needs 144, at the price of rounding (the transforms are exact
/// in real arithmetic). A block's data stays in cache between its phases.
///
/// Blocks run side by side, one per thread, when there are enough of them, else one after
/// another with each phase split over the threads. Either way every block is computed the
/// same way, so the result does not depend on the thread count.
public struct WinogradConvolutionKernel: Hashable, Sendable {
    /// The convolution this computes.
    public let convolution: ConvolutionKernel
    /// Tiles per image, vertically and horizontally.
    public let tiles: Size2D

    /// Transform points per tile (6×6).
    static let points = 36

    /// The Winograd form of `convolution`, or nil unless it is 3×3, stride 1, dilation 1, one group.
    public init?(_ convolution: ConvolutionKernel) {
        guard convolution.kernel == .square(3), convolution.stride == .square(1),
              convolution.dilation == .square(1), convolution.groups == 1 else { return nil }
        self.convolution = convolution
        let output = convolution.outputSize
        tiles = Size2D((output.height + 3) / 4, (output.width + 3) / 4)
    }

    /// Whether the batch has enough tiles for the 36 GEMMs to beat one im2col GEMM.
    public var isWorthwhile: Bool { convolution.batch * tilesPerImage >= 16 }

    /// Tiles of one image.
    public var tilesPerImage: Int { tiles.height * tiles.width }
    /// The fewest tiles a block holds (unless the batch has fewer): GEMMs at least this wide.
    static let blockTiles = 128
    /// Images per block.
    public var blockImages: Int { min(convolution.batch, (Self.blockTiles + tilesPerImage - 1) / tilesPerImage) }
    /// Blocks in the batch; the last may hold fewer images.
    public var blockCount: Int { (convolution.batch + blockImages - 1) / blockImages }
    /// Blocks that can run at once, each with its own scratch.
    var slots: Int { min(blockCount, 4) }
    /// Floats of one block's scratch: its transformed input and products, and four floats
    /// that the last tiles' four-lane loads may read past the end.
    private var blockScratch: Int {
        Self.points * blockImages * tilesPerImage * (convolution.inputChannels + convolution.outputChannels) + 4
    }
    /// Floats of scratch `apply` needs.
    public var scratchCount: Int { slots * blockScratch }
    /// Floats of the transformed weights.
    public var packedWeightCount: Int { Self.points * convolution.outputChannels * convolution.inputChannels }

    /// Transforms `(outputChannels, inputChannels, 3, 3)` weights into `packed`
    /// (`packedWeightCount` floats) as `G g Gᵀ`, computing in double precision.
    public func packWeight(_ weight: UnsafePointer<Float>, into packed: UnsafeMutablePointer<Float>) {
        let g: [Double] = [
            1.0 / 4, 0, 0, -1.0 / 6, -1.0 / 6, -1.0 / 6, -1.0 / 6, 1.0 / 6, -1.0 / 6,
            1.0 / 24, 1.0 / 12, 1.0 / 6, 1.0 / 24, -1.0 / 12, 1.0 / 6, 0, 0, 1,
        ]
        let filters = convolution.outputChannels * convolution.inputChannels
        let chunk = 256
        withUnsafeTemporaryAllocation(of: Float.self, capacity: Self.points * chunk) { buffer in
            guard let block = buffer.baseAddress else { return }
            for first in stride(from: 0, to: filters, by: chunk) {
                let count = min(chunk, filters - first)
                for offset in 0..<count {
                    let taps = weight + (first + offset) * 9
                    for i in 0..<6 {
                        let (a, b, c) = (g[i * 3], g[i * 3 + 1], g[i * 3 + 2])
                        let r0 = a * Double(taps[0]) + b * Double(taps[3]) + c * Double(taps[6])
                        let r1 = a * Double(taps[1]) + b * Double(taps[4]) + c * Double(taps[7])
                        let r2 = a * Double(taps[2]) + b * Double(taps[5]) + c * Double(taps[8])
                        for j in 0..<6 {
                            block[(i * 6 + j) * chunk + offset] = Float(r0 * g[j * 3] + r1 * g[j * 3 + 1] + r2 * g[j * 3 + 2])
                        }
                    }
                }
                for point in 0..<Self.points {
                    (packed + point * filters + first).update(from: block + point * chunk, count: count)
                }
            }
        }
    }

    /// Convolves `input` with weights packed by `packWeight`, adds `bias` and `residual` when
    /// given, then applies `activation` when given. `scratch` holds `scratchCount` floats.
    public func apply(
        input: UnsafePointer<Float>, packedWeight: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
        residual: UnsafePointer<Float>? = nil, activation: ActivationFunction? = nil,
        output: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>? = nil, threads: Int = 1
    ) {
        withScratch(scratch, count: scratchCount) { scratch in
            runUnits(blockCount, slots: slots, threads: threads) { block, slot, threads in
                let images = min(blockImages, convolution.batch - block * blockImages)
                let plan = WinogradBlock(
                    kernel: self, firstImage: block * blockImages, images: images, scratch: scratch + slot * blockScratch)
                plan.run(input: input, packedWeight: packedWeight, bias: bias, residual: residual,
                         activation: activation, output: output, threads: threads)
            }
        }
    }
}

/// One block of whole images of a Winograd convolution and the scratch it works in.
struct WinogradBlock {
    let kernel: WinogradConvolutionKernel
    let firstImage: Int
    let images: Int
    let scratch: UnsafeMutablePointer<Float>

    /// The block's tiles: the GEMMs' columns and the row length of `V` and `M`.
    var tileCount: Int { images * kernel.tilesPerImage }
    /// `V[inputChannel][ξ][tile]`: a channel's 36 rows side by side, so that a transform
    /// writes (and the GEMM, with row stride `36 · tileCount`, reads) one compact region.
    var transformed: UnsafeMutablePointer<Float> { scratch }
    /// `M[outputChannel][ξ][tile]`.
    var products: UnsafeMutablePointer<Float> {
        scratch + WinogradConvolutionKernel.points * tileCount * kernel.convolution.inputChannels
    }

    /// Transforms the block's input, multiplies and transforms back into `output`.
    func run(
        input: UnsafePointer<Float>, packedWeight: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
        residual: UnsafePointer<Float>?, activation: ActivationFunction?,
        output: UnsafeMutablePointer<Float>, threads: Int
    ) {
        let convolution = kernel.convolution
        let cost = 64 * kernel.tilesPerImage
        let inputPlanes = images * convolution.inputChannels
        let inputOffset = firstImage * convolution.inputChannels
        parallelFor(inputPlanes, chunk: chunkSize(count: inputPlanes, cost: cost), threads: threads) { range in
            for plane in range { transformInput(inputOffset + plane, input) }
        }
        multiply(packedWeight, threads: threads)
        let outputPlanes = images * convolution.outputChannels
        let outputOffset = firstImage * convolution.outputChannels
        let pixels = convolution.outputSize.height * convolution.outputSize.width
        parallelFor(outputPlanes, chunk: chunkSize(count: outputPlanes, cost: cost), threads: threads) { range in
            for plane in range {
                transformOutput(outputOffset + plane, bias: bias, residual: residual, into: output)
                let target = output + (outputOffset + plane) * pixels
                activation?.apply(target, to: target, count: pixels)
            }
        }
    }

    /// The 36 products `M[ξ] = U[ξ]·V[ξ]`, one GEMM per transform point.
    private func multiply(_ weights: UnsafePointer<Float>, threads: Int) {
        let (m, k, n) = (kernel.convolution.outputChannels, kernel.convolution.inputChannels, tileCount)
        let (transformed, products) = (transformed, products)
        parallelFor(WinogradConvolutionKernel.points, threads: threads) { points in
            for point in points {
                GEMM.multiply(
                    m: m, n: n, k: k, a: weights + point * m * k, lda: k,
                    b: transformed + point * n, ldb: WinogradConvolutionKernel.points * n,
                    c: products + point * n, ldc: WinogradConvolutionKernel.points * n)
            }
        }
    }
}
