import Foundation

/// A binary elementwise operator: MXNet's `elemwise_*` (same shapes) and `broadcast_*`.
public enum BinaryOperator: String, Hashable, Sendable, CaseIterable {
    /// `a + b`.
    case add
    /// `a − b`.
    case subtract = "sub"
    /// `a · b`.
    case multiply = "mul"
    /// `a / b`.
    case divide = "div"
    /// The larger of the two (broadcast only in MXNet).
    case maximum
    /// The smaller of the two (broadcast only in MXNet).
    case minimum

    /// Combines `count` pairs `lhs[i], rhs[i]` into `output[i]`; `output` may be either input.
    public func apply(
        _ lhs: UnsafePointer<Float>, _ rhs: UnsafePointer<Float>,
        to output: UnsafeMutablePointer<Float>, count: Int, threads: Int = 1
    ) {
        parallelFor(count, chunk: elementwiseChunk, threads: threads) { range in
            run(lhs + range.lowerBound, 1, rhs + range.lowerBound, 1,
                output + range.lowerBound, range.count)
        }
    }

    /// `output[i] = lhs[i·lhsStep] ∘ rhs[i·rhsStep]` for `i` in `0..<count`; a step of 0
    /// repeats one value.
    func run(
        _ lhs: UnsafePointer<Float>, _ lhsStep: Int, _ rhs: UnsafePointer<Float>, _ rhsStep: Int,
        _ output: UnsafeMutablePointer<Float>, _ count: Int
    ) {
        switch self {
        case .add: combine(lhs, lhsStep, rhs, rhsStep, output, count, +)
        case .subtract: combine(lhs, lhsStep, rhs, rhsStep, output, count, -)
        case .multiply: combine(lhs, lhsStep, rhs, rhsStep, output, count, *)
        case .divide: combine(lhs, lhsStep, rhs, rhsStep, output, count, /)
        case .maximum: combine(lhs, lhsStep, rhs, rhsStep, output, count) { Swift.max($0, $1) }
        case .minimum: combine(lhs, lhsStep, rhs, rhsStep, output, count) { Swift.min($0, $1) }
        }
    }
}

/// The strided loop behind `BinaryOperator.run`.
@inline(__always)
private func combine(
    _ lhs: UnsafePointer<Float>, _ lhsStep: Int, _ rhs: UnsafePointer<Float>, _ rhsStep: Int,
    _ output: UnsafeMutablePointer<Float>, _ count: Int, _ operation: (Float, Float) -> Float
) {
    if lhsStep == 1 && rhsStep == 1 {
        for index in 0..<count { output[index] = operation(lhs[index], rhs[index]) }
    } else {
        for index in 0..<count {
            output[index] = operation(lhs[index * lhsStep], rhs[index * rhsStep])
        }
    }
}

/// An operator between a tensor and a scalar: MXNet's `_plus_scalar`, `_minus_scalar`,
/// `_rminus_scalar`, `_mul_scalar`, `_div_scalar`, `_rdiv_scalar`, `_power_scalar`.
public enum ScalarOperator: String, Hashable, Sendable, CaseIterable {
    /// `x + s`.
    case plus
    /// `x − s`.
    case minus
    /// `s − x`.
    case reverseMinus = "rminus"
    /// `x · s`.
    case multiply = "mul"
    /// `x / s`.
    case divide = "div"
    /// `s / x`.
    case reverseDivide = "rdiv"
    /// `x ^ s`.
    case power

    /// Applies the operator with `scalar` to `count` values; `output` may be `input`.
    public func apply(
        _ input: UnsafePointer<Float>, scalar: Float, to output: UnsafeMutablePointer<Float>,
        count: Int, threads: Int = 1
    ) {
        switch self {
        case .plus: map(input, output, count, threads) { $0 + scalar }
        case .minus: map(input, output, count, threads) { $0 - scalar }
        case .reverseMinus: map(input, output, count, threads) { scalar - $0 }
        case .multiply: map(input, output, count, threads) { $0 * scalar }
        case .divide: map(input, output, count, threads) { $0 / scalar }
        case .reverseDivide: map(input, output, count, threads) { scalar / $0 }
        case .power: map(input, output, count, threads) { Foundation.pow($0, scalar) }
        }
    }
}

/// A unary elementwise operator (MXNet's ops of the same names).
public enum UnaryOperator: String, Hashable, Sendable, CaseIterable {
    /// `max(x, 0)`.
    case relu
    /// `1 / (1 + exp(−x))`.
    case sigmoid
    /// The hyperbolic tangent.
    case tanh
    /// `eˣ`.
    case exp
    /// The natural logarithm.
    case log
    /// The square root.
    case sqrt
    /// `x²`.
    case square
    /// `−x`.
    case negative
    /// `|x|`.
    case abs

    /// Applies the operator to `count` values; `output` may be `input`.
    public func apply(
        _ input: UnsafePointer<Float>, to output: UnsafeMutablePointer<Float>,
        count: Int, threads: Int = 1
    ) {
        switch self {
        case .relu: ActivationFunction.relu.apply(input, to: output, count: count, threads: threads)
        case .sigmoid: ActivationFunction.sigmoid.apply(input, to: output, count: count, threads: threads)
        case .tanh: ActivationFunction.tanh.apply(input, to: output, count: count, threads: threads)
        case .exp: map(input, output, count, threads) { Foundation.exp($0) }
        case .log: map(input, output, count, threads) { Foundation.log($0) }
        case .sqrt: map(input, output, count, threads) { $0.squareRoot() }
        case .square: map(input, output, count, threads) { $0 * $0 }
        case .negative: map(input, output, count, threads) { -$0 }
        case .abs: map(input, output, count, threads) { Swift.abs($0) }
        }
    }
}
