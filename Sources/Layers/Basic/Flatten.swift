import GraphIR

/// Flattens (N, ...) to (N, product) (Gluon's `nn.Flatten`): one `Flatten` node
/// `<prefix>flatten<n>`.
public final class Flatten: UnaryBlock {
    public let core: BlockCore

    /// Creates the layer; `prefix` nil names it `flatten<n>_` in the current scope.
    public init(prefix: String? = nil) {
        self.core = BlockCore(prefix: prefix, hint: "flatten")
    }

    public func callAsFunction(_ x: Symbol) -> Symbol {
        traceCall { x.builder.node(.flatten, hint: "flatten", [x]) }
    }
}
