import GraphIR

/// Applies an activation function (Gluon's `nn.Activation`): one `Activation` node named
/// `<prefix>fwd`. Blocks are named after the function (`relu0_`).
public final class Activation: UnaryBlock {
    public let core: BlockCore
    /// The function applied.
    public let kind: ActivationKind

    /// Creates the layer; `prefix` nil names it `<kind><n>_` in the current scope.
    public init(_ kind: ActivationKind, prefix: String? = nil) {
        self.core = BlockCore(prefix: prefix, hint: kind.rawValue)
        self.kind = kind
    }

    public func callAsFunction(_ x: Symbol) -> Symbol {
        traceCall { x.builder.node(.activation(kind), named: "fwd", [x]) }
    }
}
