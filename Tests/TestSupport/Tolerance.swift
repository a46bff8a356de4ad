import GraphIR

/// The largest relative error of `actual` against `expected`: `|a - e| / max(|e|, floor)`
/// over all elements, infinity when shapes differ or a value is NaN. The floor keeps
/// elements near zero from dominating: it is 1% of the tensor's largest magnitude (at least
/// `minimumFloor`), the scale below which float32 rounding of a long sum is all one sees.
public func maxRelativeError(_ actual: Tensor, _ expected: Tensor, minimumFloor: Float = 1e-3) -> Float {
    guard actual.shape == expected.shape else { return .infinity }
    let scale = expected.scalars.reduce(0) { max($0, abs($1)) }
    let floor = max(minimumFloor, scale / 100)
    var worst: Float = 0
    for (a, e) in zip(actual.scalars, expected.scalars) {
        let err = abs(a - e) / max(abs(e), floor)
        if err.isNaN { return .infinity }
        worst = max(worst, err)
    }
    return worst
}
