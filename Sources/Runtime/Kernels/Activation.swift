import Foundation

/// An MXNet `Activation` function (`act_type`).
public enum ActivationFunction: String, Sendable, CaseIterable {
    /// `max(x, 0)`.
    case relu
    /// `1 / (1 + exp(-x))`.
    case sigmoid
    /// The hyperbolic tangent.
    case tanh
    /// `log(1 + exp(x))`, computed as `max(x, 0) + log1p(exp(-|x|))` so it never overflows.
    case softrelu
    /// `x / (1 + |x|)`.
    case softsign

    /// The function's value at `x`.
    public func callAsFunction(_ x: Float) -> Float { function(x) }

    /// Applies the function to `count` values; `output` may be `input`.
    public func apply(
        _ input: UnsafePointer<Float>, to output: UnsafeMutablePointer<Float>,
        count: Int, threads: Int = 1
    ) {
        parallelFor(count, chunk: elementwiseChunk, threads: threads) { range in
            let (source, target) = (input + range.lowerBound, output + range.lowerBound)
            // One loop per function, each calling it statically, so that the loops vectorize.
            switch self {
            case .relu: for i in 0..<range.count { target[i] = Self.rectified(source[i]) }
            case .sigmoid: for i in 0..<range.count { target[i] = Self.logistic(source[i]) }
            case .tanh: for i in 0..<range.count { target[i] = Self.hyperbolicTangent(source[i]) }
            case .softrelu: for i in 0..<range.count { target[i] = Self.softplus(source[i]) }
            case .softsign: for i in 0..<range.count { target[i] = Self.softsigned(source[i]) }
            }
        }
    }

    /// The scalar function, resolved once so loops do not switch per element.
    var function: (Float) -> Float {
        switch self {
        case .relu: return Self.rectified
        case .sigmoid: return Self.logistic
        case .tanh: return Self.hyperbolicTangent
        case .softrelu: return Self.softplus
        case .softsign: return Self.softsigned
        }
    }

    @inline(__always) static func rectified(_ x: Float) -> Float { max(x, 0) }
    @inline(__always) static func logistic(_ x: Float) -> Float { 1 / (1 + Foundation.exp(-x)) }
    @inline(__always) static func hyperbolicTangent(_ x: Float) -> Float { Foundation.tanh(x) }
    @inline(__always) static func softplus(_ x: Float) -> Float {
        max(x, 0) + Foundation.log1p(Foundation.exp(-abs(x)))
    }
    @inline(__always) static func softsigned(_ x: Float) -> Float { x / (1 + abs(x)) }
}

/// Elements per chunk of an elementwise loop.
let elementwiseChunk = 1 << 14

/// `output[i] = transform(input[i])` for `i` in `0..<count`, chunked over `threads`.
@inline(__always)
func map(
    _ input: UnsafePointer<Float>, _ output: UnsafeMutablePointer<Float>, _ count: Int,
    _ threads: Int, _ transform: (Float) -> Float
) {
    parallelFor(count, chunk: elementwiseChunk, threads: threads) { range in
        for index in range { output[index] = transform(input[index]) }
    }
}
