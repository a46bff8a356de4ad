import GraphIR

/// Chains blocks, each applied to the previous one's output (Gluon's `nn.HybridSequential`).
///
/// Create the layers inside `core.withNameScope { … }` to name them under the container
/// (`stage1_conv0_`), as Gluon code does with `with net.name_scope():`.
public final class HybridSequential: UnaryBlock {
    public let core: BlockCore
    /// The blocks, in order.
    public private(set) var layers: [any UnaryBlock] = []

    /// Creates an empty container; `prefix` nil names it `hybridsequential<n>_`.
    public init(prefix: String? = nil) {
        self.core = BlockCore(prefix: prefix, hint: "hybridsequential")
    }

    /// Appends blocks.
    public func add(_ blocks: any UnaryBlock...) {
        for block in blocks {
            layers.append(block)
            core.register(block)
        }
    }

    public func callAsFunction(_ x: Symbol) -> Symbol {
        traceCall { layers.reduce(x) { output, layer in layer(output) } }
    }
}
