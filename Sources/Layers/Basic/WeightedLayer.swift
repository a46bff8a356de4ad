import GraphIR

/// What `Dense` and `Conv2D` share: a bias that may be absent, an optional activation child
/// named after its function, and a trace that feeds data, weight and bias to one node.
extension BlockCore {
    /// Registers the activation child Gluon creates for `activation=` (`<prefix>relu_`), if any.
    func addActivation(_ kind: ActivationKind?) -> Activation? {
        guard let kind else { return nil }
        let activation = withNameScope { Activation(kind, prefix: kind.rawValue + "_") }
        register(activation)
        return activation
    }
}

/// Traces `op` on `x`, the weight and the bias (when present) as the node `<prefix>fwd`, then
/// the activation (when present).
func traceWeighted(_ op: Op, _ x: Symbol, weight: Parameter, bias: Parameter?, activation: Activation?) -> Symbol {
    let builder = x.builder
    var inputs = [x, weight.variable(in: builder)]
    if let bias { inputs.append(bias.variable(in: builder)) }
    let y = builder.node(op, named: "fwd", inputs)
    return activation.map { $0(y) } ?? y
}
