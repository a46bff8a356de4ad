import Foundation

/// The smallest number of dimensions a random projection may have so that the distances
/// between `samples` points are kept within a factor `1 ± eps`, as scikit-learn's
/// `johnson_lindenstrauss_min_dim`: `4 log(samples) / (eps² / 2 - eps³ / 3)`, truncated.
///
/// - Throws: `JohnsonLindenstraussError` when `samples <= 0`, `eps` is outside (0, 1), or the
///   bound does not fit in an `Int`.
public func johnsonLindenstraussMinDim(samples: Int, eps: Double) throws -> Int {
    guard samples > 0 else { throw JohnsonLindenstraussError.invalidSamples(samples) }
    guard eps > 0, eps < 1 else { throw JohnsonLindenstraussError.invalidEps(eps) }
    let denominator = pow(eps, 2) / 2 - pow(eps, 3) / 3
    let bound = 4 * log(Double(samples)) / denominator
    guard bound < Double(Int.max) else { throw JohnsonLindenstraussError.overflow(eps: eps) }
    return Int(bound)
}

/// An invalid argument to `johnsonLindenstraussMinDim`.
public enum JohnsonLindenstraussError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The number of samples is not positive.
    case invalidSamples(Int)
    /// The distortion is not strictly between 0 and 1.
    case invalidEps(Double)
    /// The bound is too large to represent (eps is too close to 0).
    case overflow(eps: Double)

    public var description: String {
        switch self {
        case let .invalidSamples(samples):
            return "the number of samples must be positive, got \(samples)"
        case let .invalidEps(eps):
            return "eps must be strictly between 0 and 1, got \(eps)"
        case let .overflow(eps):
            return "the Johnson–Lindenstrauss bound for eps=\(eps) does not fit in an integer"
        }
    }
}
