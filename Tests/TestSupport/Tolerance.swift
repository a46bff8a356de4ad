import GraphIR

/// The largest relative error of `actual` against `expected`, with an absolute floor:
/// `|a - e| / max(|e|, floor)` over all elements; infinity when shapes differ.
public func maxRelativeError(_ actual: Tensor, _ expected: Tensor, floor: Float = 1e-3) -> Float {
    guard actual.shape == expected.shape else { return .infinity }
    var worst: Float = 0
    for (a, e) in zip(actual.scalars, expected.scalars) {
        let err = abs(a - e) / max(abs(e), floor)
        if err.isNaN { return .infinity }
        worst = max(worst, err)
    }
    return worst
}
