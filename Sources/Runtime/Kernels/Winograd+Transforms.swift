/// Four tiles' values at one position, one tile per lane.
typealias Lanes = SIMD4<Float>

extension WinogradBlock {
    /// The padded plane's row length: room for the five 4-float loads of the last group.
    private var paddedWidth: Int { 4 * ((tiles.width + 3) / 4 * 4) + 4 }
    private var tiles: Size2D { kernel.tiles }
    private var tilesPerImage: Int { kernel.tilesPerImage }
    private var convolution: ConvolutionKernel { kernel.convolution }
    private static var points: Int { WinogradConvolutionKernel.points }

    /// Writes `V[channel][ξ][tiles of image]` = `Bᵀ d B` for every 6×6 input tile `d` of one
    /// input plane (`plane = image · inputChannels + channel` for an image of this block),
    /// four tiles of a row at a time.
    func transformInput(_ plane: Int, _ input: UnsafePointer<Float>) {
        let (batchImage, channel) = plane.quotientAndRemainder(dividingBy: convolution.inputChannels)
        let image = batchImage - firstImage
        let (paddedHeight, paddedWidth) = (4 * tiles.height + 2, paddedWidth)
        let pointStride = tileCount
        let target = transformed + channel * Self.points * tileCount + image * tilesPerImage
        withUnsafeTemporaryAllocation(of: Float.self, capacity: paddedHeight * paddedWidth) { buffer in
            guard let padded = buffer.baseAddress else { return }
            pad(input + plane * convolution.inputSize.height * convolution.inputSize.width,
                into: padded, height: paddedHeight, width: paddedWidth)
            withUnsafeTemporaryAllocation(of: Lanes.self, capacity: Self.points) { buffer in
                guard let tile = buffer.baseAddress else { return }
                for tileRow in 0..<tiles.height {
                    for tileColumn in stride(from: 0, to: tiles.width, by: 4) {
                        let corner = padded + 4 * tileRow * paddedWidth + 4 * tileColumn
                        for row in 0..<6 {
                            let line = corner + row * paddedWidth
                            let (a0, a1, a2, a3) = (load(line), load(line + 4), load(line + 8), load(line + 12))
                            let a4 = load(line + 16)
                            Self.inputTransform(
                                Lanes(a0[0], a1[0], a2[0], a3[0]), Lanes(a0[1], a1[1], a2[1], a3[1]),
                                Lanes(a0[2], a1[2], a2[2], a3[2]), Lanes(a0[3], a1[3], a2[3], a3[3]),
                                Lanes(a1[0], a2[0], a3[0], a4[0]), Lanes(a1[1], a2[1], a3[1], a4[1]),
                                into: tile + row * 6, stride: 1)
                        }
                        for column in 0..<6 {
                            let t = tile + column
                            Self.inputTransform(t[0], t[6], t[12], t[18], t[24], t[30], into: t, stride: 6)
                        }
                        let (first, valid) = (tileRow * tiles.width + tileColumn, min(4, tiles.width - tileColumn))
                        for point in 0..<Self.points {
                            store(tile[point], valid: valid, at: target + point * pointStride + first)
                        }
                    }
                }
            }
        }
    }

    /// Copies one input plane into the middle of a zero border, so that every tile reads
    /// `6 × 6` values in bounds.
    private func pad(_ source: UnsafePointer<Float>, into padded: UnsafeMutablePointer<Float>, height: Int, width: Int) {
        let (inputHeight, inputWidth) = (convolution.inputSize.height, convolution.inputSize.width)
        let left = min(convolution.pad.width, width)
        let copied = max(0, min(inputWidth, width - left))
        for row in 0..<height {
            let line = padded + row * width
            let y = row - convolution.pad.height
            guard y >= 0, y < inputHeight else {
                line.update(repeating: 0, count: width)
                continue
            }
            line.update(repeating: 0, count: left)
            (line + left).update(from: source + y * inputWidth, count: copied)
            (line + left + copied).update(repeating: 0, count: width - left - copied)
        }
    }

    /// Writes one output plane (`plane = image · outputChannels + channel`, image in this block) from
    /// `M[channel][ξ][tiles of image]`: `Aᵀ m A` per tile, clipped to the output, plus the
    /// channel's bias and the residual when given; four tiles of a row at a time.
    func transformOutput(
        _ plane: Int, bias: UnsafePointer<Float>?, residual: UnsafePointer<Float>?, into output: UnsafeMutablePointer<Float>
    ) {
        let (batchImage, channel) = plane.quotientAndRemainder(dividingBy: convolution.outputChannels)
        let image = batchImage - firstImage
        let (height, width) = (convolution.outputSize.height, convolution.outputSize.width)
        let pointStride = tileCount
        let source = products + channel * Self.points * tileCount + image * tilesPerImage
        let target = output + plane * height * width
        let extra = residual.map { $0 + plane * height * width }
        let offset = Lanes(repeating: bias?[channel] ?? 0)
        withUnsafeTemporaryAllocation(of: Lanes.self, capacity: Self.points + 24) { buffer in
            guard let m = buffer.baseAddress else { return }
            let rows = m + Self.points
            for tileRow in 0..<tiles.height {
                for tileColumn in stride(from: 0, to: tiles.width, by: 4) {
                    let (first, valid) = (tileRow * tiles.width + tileColumn, min(4, tiles.width - tileColumn))
                    for point in 0..<Self.points { m[point] = load(source + point * pointStride + first) }
                    for row in 0..<6 {
                        let t = m + row * 6
                        Self.outputTransform(t[0], t[1], t[2], t[3], t[4], t[5], into: rows + row * 4, stride: 1)
                    }
                    for column in 0..<4 {
                        let t = rows + column
                        Self.outputTransform(t[0], t[4], t[8], t[12], t[16], t[20], into: t, stride: 4)
                    }
                    for i in 0..<min(4, height - 4 * tileRow) {
                        let o = rows + i * 4
                        let lines = (Lanes(o[0][0], o[1][0], o[2][0], o[3][0]), Lanes(o[0][1], o[1][1], o[2][1], o[3][1]),
                                     Lanes(o[0][2], o[1][2], o[2][2], o[3][2]), Lanes(o[0][3], o[1][3], o[2][3], o[3][3]))
                        let start = (4 * tileRow + i) * width + 4 * tileColumn
                        for lane in 0..<valid {
                            let value = lane == 0 ? lines.0 : lane == 1 ? lines.1 : lane == 2 ? lines.2 : lines.3
                            let pixel = start + 4 * lane
                            let count = min(4, width - 4 * (tileColumn + lane))
                            if count == 4 {
                                let sum = value + offset + (extra.map { load($0 + pixel) } ?? Lanes())
                                UnsafeMutableRawPointer(target + pixel).storeBytes(of: sum, as: Lanes.self)
                            } else {
                                for k in 0..<count { target[pixel + k] = value[k] + offset[k] + (extra?[pixel + k] ?? 0) }
                            }
                        }
                    }
                }
            }
        }
    }

    /// `Bᵀ d` for one line of six: the rows of
    /// `[4 0 −5 0 1 0; 0 −4 −4 1 1 0; 0 4 −4 −1 1 0; 0 −2 −1 2 1 0; 0 2 −1 −2 1 0; 0 4 0 −5 0 1]`.
    @inline(__always)
    private static func inputTransform(
        _ d0: Lanes, _ d1: Lanes, _ d2: Lanes, _ d3: Lanes, _ d4: Lanes, _ d5: Lanes,
        into out: UnsafeMutablePointer<Lanes>, stride: Int
    ) {
        let (sum12, difference12) = (d4 - 4 * d2, d3 - 4 * d1)
        let (sum34, difference34) = (d4 - d2, 2 * (d3 - d1))
        out[0] = 4 * d0 - 5 * d2 + d4
        out[stride] = sum12 + difference12
        out[2 * stride] = sum12 - difference12
        out[3 * stride] = sum34 + difference34
        out[4 * stride] = sum34 - difference34
        out[5 * stride] = 4 * d1 - 5 * d3 + d5
    }

    /// `Aᵀ m` for one line of six: the rows of
    /// `[1 1 1 1 1 0; 0 1 −1 2 −2 0; 0 1 1 4 4 0; 0 1 −1 8 −8 1]`.
    @inline(__always)
    private static func outputTransform(
        _ m0: Lanes, _ m1: Lanes, _ m2: Lanes, _ m3: Lanes, _ m4: Lanes, _ m5: Lanes,
        into out: UnsafeMutablePointer<Lanes>, stride: Int
    ) {
        let (sum12, difference12) = (m1 + m2, m1 - m2)
        let (sum34, difference34) = (m3 + m4, m3 - m4)
        out[0] = m0 + sum12 + sum34
        out[stride] = difference12 + 2 * difference34
        out[2 * stride] = sum12 + 4 * sum34
        out[3 * stride] = difference12 + 8 * difference34 + m5
    }

    /// Stores the first `valid` lanes of `value` at `target`.
    @inline(__always)
    private func store(_ value: Lanes, valid: Int, at target: UnsafeMutablePointer<Float>) {
        let raw = UnsafeMutableRawPointer(target)
        switch valid {
        case 4: raw.storeBytes(of: value, as: Lanes.self)
        case 3: raw.storeBytes(of: value.lowHalf, as: SIMD2<Float>.self); target[2] = value[2]
        case 2: raw.storeBytes(of: value.lowHalf, as: SIMD2<Float>.self)
        default: target[0] = value[0]
        }
    }

    /// Loads four floats from `source`.
    @inline(__always)
    private func load(_ source: UnsafePointer<Float>) -> Lanes {
        UnsafeRawPointer(source).loadUnaligned(as: Lanes.self)
    }
}
