import GraphIR

/// The symbol methods Gluon code calls inside `hybrid_forward` (`x.transpose(...)`,
/// `F.concat`, `a * b + 1e-9` …). Each adds one node named as MXNet names an op called
/// without a name: the block's prefix, the op's hint, a counter (`transpose0`, `_mul0`).
extension Symbol {
    /// `transpose`: permutes the axes; empty `axes` reverses them.
    public func transposed(_ axes: [Int] = []) -> Symbol {
        builder.node(.transpose(axes: axes), hint: "transpose", [self])
    }

    /// `mean` over `axis`.
    public func mean(axis: Int, keepDims: Bool = false) -> Symbol {
        builder.node(.reduce(Reduce(kind: .mean, axes: [axis], keepDims: keepDims)), hint: "mean", [self])
    }

    /// `sum` over `axis`.
    public func sum(axis: Int, keepDims: Bool = false) -> Symbol {
        builder.node(.reduce(Reduce(kind: .sum, axes: [axis], keepDims: keepDims)), hint: "sum", [self])
    }

    /// `norm`: the L2 norm over `axis`.
    public func norm(axis: Int, keepDims: Bool = false) -> Symbol {
        builder.node(.norm(Norm(ord: 2, axes: [axis], keepDims: keepDims)), hint: "norm", [self])
    }

    /// `expand_dims`: inserts an axis of size 1 at `axis`.
    public func expandingDims(axis: Int) -> Symbol {
        builder.node(.expandDims(axis: axis), hint: "expand_dims", [self])
    }

    /// `squeeze`: removes the axis `axis` of size 1.
    public func squeezing(axis: Int) -> Symbol {
        builder.node(.squeeze(axes: [axis]), hint: "squeeze", [self])
    }

    /// `Reshape` with MXNet's special codes 0, -1, -2, -3, -4.
    public func reshaped(_ shape: [Int]) -> Symbol {
        builder.node(.reshape(shape: shape, reverse: false), hint: "reshape", [self])
    }

    /// `Activation` of kind `kind`.
    public func activated(_ kind: ActivationKind) -> Symbol {
        builder.node(.activation(kind), hint: "activation", [self])
    }

    /// `batch_dot` of `self` and `other`, optionally transposing either's last two axes.
    ///
    /// - Throws: `LayerError.mixedBuilders` when the symbols belong to different builders.
    public func batchDot(_ other: Symbol, transposeA: Bool = false, transposeB: Bool = false) throws -> Symbol {
        try requireSameBuilder([self, other], "batch_dot")
        return builder.node(.batchDot(transposeA: transposeA, transposeB: transposeB), hint: "batch_dot", [self, other])
    }

    /// `Concat` of `symbols` along `dim` (Gluon's `F.concat`, whose `dim` defaults to 1).
    ///
    /// - Throws: `LayerError.invalidArgument` for no symbols, `LayerError.mixedBuilders` when
    ///   they belong to different builders.
    public static func concat(_ symbols: [Symbol], dim: Int = 1) throws -> Symbol {
        guard let first = symbols.first else {
            throw LayerError.invalidArgument(layer: "concat", message: "needs at least one symbol")
        }
        try requireSameBuilder(symbols, "concat")
        return first.builder.node(.concat(dim: dim), hint: "concat", symbols)
    }

    /// `elemwise_add`.
    public static func + (lhs: Symbol, rhs: Symbol) throws -> Symbol { try binary(.add, "_plus", lhs, rhs) }
    /// `elemwise_sub`.
    public static func - (lhs: Symbol, rhs: Symbol) throws -> Symbol { try binary(.sub, "_minus", lhs, rhs) }
    /// `elemwise_mul`.
    public static func * (lhs: Symbol, rhs: Symbol) throws -> Symbol { try binary(.mul, "_mul", lhs, rhs) }
    /// `elemwise_div`.
    public static func / (lhs: Symbol, rhs: Symbol) throws -> Symbol { try binary(.div, "_div", lhs, rhs) }

    /// `_plus_scalar`.
    public static func + (lhs: Symbol, rhs: Double) -> Symbol { lhs.scalar(.plus, rhs, "_plusscalar") }
    /// `_plus_scalar`.
    public static func + (lhs: Double, rhs: Symbol) -> Symbol { rhs.scalar(.plus, lhs, "_plusscalar") }
    /// `_minus_scalar`.
    public static func - (lhs: Symbol, rhs: Double) -> Symbol { lhs.scalar(.minus, rhs, "_minusscalar") }
    /// `_rminus_scalar`.
    public static func - (lhs: Double, rhs: Symbol) -> Symbol { rhs.scalar(.rminus, lhs, "_rminusscalar") }
    /// `_mul_scalar`.
    public static func * (lhs: Symbol, rhs: Double) -> Symbol { lhs.scalar(.mul, rhs, "_mulscalar") }
    /// `_mul_scalar`.
    public static func * (lhs: Double, rhs: Symbol) -> Symbol { rhs.scalar(.mul, lhs, "_mulscalar") }
    /// `_div_scalar`.
    public static func / (lhs: Symbol, rhs: Double) -> Symbol { lhs.scalar(.div, rhs, "_divscalar") }
    /// `_rdiv_scalar`.
    public static func / (lhs: Double, rhs: Symbol) -> Symbol { rhs.scalar(.rdiv, lhs, "_rdivscalar") }

    private static func binary(_ kind: BinaryKind, _ hint: String, _ lhs: Symbol, _ rhs: Symbol) throws -> Symbol {
        try requireSameBuilder([lhs, rhs], hint)
        return lhs.builder.node(.elemwise(kind), hint: hint, [lhs, rhs])
    }

    private func scalar(_ kind: ScalarKind, _ value: Double, _ hint: String) -> Symbol {
        builder.node(.scalar(kind, value), hint: hint, [self])
    }
}

/// Throws `LayerError.mixedBuilders` unless every symbol belongs to the first one's builder.
func requireSameBuilder(_ symbols: [Symbol], _ operation: String) throws {
    guard let first = symbols.first else { return }
    guard symbols.allSatisfy({ $0.builder === first.builder }) else {
        throw LayerError.mixedBuilders(operation: operation)
    }
}
