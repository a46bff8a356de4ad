import GraphIR

/// Zeroes a fraction of the activations while training (Gluon's `nn.Dropout`): a `Dropout`
/// node `<prefix>fwd`, or `identity` when the rate is 0. The identity at inference.
public final class Dropout: UnaryBlock {
    public let core: BlockCore
    /// The fraction of activations dropped.
    public let rate: Double

    /// Creates the layer; `prefix` nil names it `dropout<n>_` in the current scope.
    ///
    /// - Throws: `LayerError.invalidArgument` unless `0 <= rate < 1`.
    public init(_ rate: Double, prefix: String? = nil) throws {
        guard rate >= 0, rate < 1 else {
            throw LayerError.invalidArgument(layer: "Dropout", message: "rate must be in [0, 1), got \(rate)")
        }
        self.core = BlockCore(prefix: prefix, hint: "dropout")
        self.rate = rate
    }

    public func callAsFunction(_ x: Symbol) -> Symbol {
        traceCall {
            rate > 0
                ? x.builder.node(.dropout(p: rate), named: "fwd", [x])
                : x.builder.node(.identity, hint: "identity", [x])
        }
    }
}
