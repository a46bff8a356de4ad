/// Four-lane `exp`, logistic and `tanh` for the LSTM cell: Cephes' single-precision
/// approximations (a few units in the last place from the correctly rounded values), in
/// plain SSE arithmetic with no per-lane library calls. Each lane is computed alone, so a
/// value's result does not depend on its lane or neighbours.
enum VectorMath {
    typealias Lanes = SIMD4<Float>

    /// `eˣ`, with `x` clamped to [−87.3, 88.3] so that the result stays a normal float.
    @inline(__always)
    static func exp(_ x: Lanes) -> Lanes {
        let (high, low) = (Lanes(repeating: 88.3), Lanes(repeating: -87.3))
        let x = x.replacing(with: high, where: x .> high).replacing(with: low, where: x .< low)
        // Round x / ln 2 to an integer n by adding 1.5 · 2^23, whose low bits then hold n.
        let magic = Lanes(repeating: 12_582_912)
        let shifted = x * 1.442_695_04 + magic
        let n = shifted - magic
        let exponent = unsafeBitCast(shifted, to: SIMD4<Int32>.self) &- unsafeBitCast(magic, to: SIMD4<Int32>.self)
        let r = x - n * 0.693_359_375 + n * 2.121_944_4e-4
        var p = r * 1.987_569_15e-4 + 1.398_199_950_7e-3
        p = p * r + 8.333_451_907_3e-3
        p = p * r + 4.166_579_589_4e-2
        p = p * r + 1.666_666_545_9e-1
        p = p * r + 5.000_000_120_1e-1
        let y = p * (r * r) + r + 1
        return y * unsafeBitCast((exponent &+ 127) &<< 23, to: Lanes.self)
    }

    /// `1 / (1 + e⁻ˣ)`.
    @inline(__always)
    static func logistic(_ x: Lanes) -> Lanes { 1 / (1 + exp(-x)) }

    /// The hyperbolic tangent: an odd polynomial below |x| = 0.625, `1 − 2 / (e^{2|x|} + 1)`
    /// with the sign restored above.
    @inline(__always)
    static func tanh(_ x: Lanes) -> Lanes {
        let magnitude = x.replacing(with: -x, where: x .< 0)
        let large = 1 - 2 / (exp(2 * magnitude) + 1)
        let signed = large.replacing(with: -large, where: x .< 0)
        let z = x * x
        var p = z * -5.704_988_727_45e-3 + 2.063_908_879_54e-2
        p = p * z - 5.373_971_555_31e-2
        p = p * z + 1.333_144_220_36e-1
        p = p * z - 3.333_328_194_22e-1
        let small = p * z * x + x
        return signed.replacing(with: small, where: magnitude .< 0.625)
    }
}
