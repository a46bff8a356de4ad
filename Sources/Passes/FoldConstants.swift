import GraphIR

/// Evaluates what depends on bound values only and binds the result to a new variable: the
/// LSTM parameter plumbing (a `Reshape` of every gate matrix, `_rnn_param_concat`) becomes
/// one packed parameter per LSTM, and `_zeros` begin states become constants once the input
/// shapes fix their batch dimension.
///
/// Only data movement is evaluated here (reshape-like ops, concatenation, zeros); arithmetic
/// on constants is left to the compiler, which evaluates it once when the graph is compiled.
public struct FoldConstants: Pass {
    public let name = "fold-constants"
    public let summary = "evaluate parameter plumbing and _zeros states into bound constants"
    public let provides: Set<GraphProperty> = [.constantsFolded]

    public init() {}

    public func run(_ graph: Graph, context: inout PassContext) throws -> Graph {
        let shapes = try context.shapes(of: graph)
        var editor = GraphEditor(graph, pass: name)
        var folded: [Int: Tensor] = [:]
        for (slot, node) in graph.nodes.enumerated() where !node.isVariable {
            let inputs = node.inputs.map { input in folded[input.node] ?? editor.value(ofVariable: input.node) }
            guard inputs.allSatisfy({ $0 != nil }) else { continue }
            switch ConstantEvaluator.evaluate(node.op, inputs.compactMap { $0 }, shape: shapes[Entry(node: slot)]) {
            case let .value(tensor): folded[slot] = tensor
            case let .declined(reason): context.refused(node.name, reason)
            }
        }
        var claimed: Set<Int> = []
        for slot in folded.keys.sorted() where isFrontier(slot, folded, editor) {
            guard let value = folded[slot] else { continue }
            let cone = self.cone(of: slot, folded, graph).subtracting(claimed)
            claimed.formUnion(cone)
            for member in cone where member != slot { editor.removeIfUnused(member) }
            editor.replaceWithConstant(slot, value: value)
            let names = cone.sorted().map { graph.nodes[$0].name }
            context.rewrote(names, into: graph.nodes[slot].name, "evaluated into a bound \(value.shape) constant")
        }
        return try editor.finish()
    }

    /// Whether a folded node is read by something that is not folded (or is an output).
    private func isFrontier(_ slot: Int, _ folded: [Int: Tensor], _ editor: GraphEditor) -> Bool {
        editor.isOutput(slot) || editor.consumers(of: slot).contains { folded[$0] == nil }
    }

    /// The folded nodes and bound variables `slot` was computed from, itself included.
    private func cone(of slot: Int, _ folded: [Int: Tensor], _ graph: Graph) -> Set<Int> {
        var members: Set<Int> = []
        var stack = [slot]
        while let index = stack.popLast() {
            guard members.insert(index).inserted, folded[index] != nil else { continue }
            stack += graph.nodes[index].inputs.map(\.node)
        }
        return members
    }
}

/// Evaluates data-movement ops on constant tensors.
enum ConstantEvaluator {
    /// The largest constant folded into the graph (64 MiB of floats); larger ones, such as
    /// `_zeros` of an absurd shape, are left to the compiler and its memory limit.
    static let maximumFoldedElements = 1 << 24

    enum Outcome {
        case value(Tensor)
        case declined(String)
    }

    /// The op's output for these inputs, whose shape shape inference found to be `shape`.
    static func evaluate(_ op: Op, _ inputs: [Tensor], shape: Shape?) -> Outcome {
        guard let shape, shape.isComplete else {
            return .declined("its shape is unknown until the input shapes are given")
        }
        guard shape.isAllocatable, shape.count <= maximumFoldedElements else {
            return .declined("its shape \(shape) is too large to hold as a constant; the compiler handles it")
        }
        switch op {
        case .reshape, .flatten, .expandDims, .squeeze, .identity, .dropout:
            guard let input = inputs.first, let tensor = try? input.reshaped(shape) else {
                return .declined("its input does not fit its shape \(shape)")
            }
            return .value(tensor)
        case .zeros:
            return .value(Tensor(shape: shape))
        case let .concat(dim), let .rnnParamConcat(dim):
            guard let tensor = concatenate(inputs, axis: dim < 0 ? dim + shape.rank : dim, shape: shape) else {
                return .declined("its inputs do not concatenate to \(shape)")
            }
            return .value(tensor)
        default:
            return .declined("\(op.mxnetName) of constants is left to the compiler, which evaluates it once at compile time")
        }
    }

    /// The inputs joined along `axis` into a tensor of `shape`; nil when they do not fit.
    private static func concatenate(_ inputs: [Tensor], axis: Int, shape: Shape) -> Tensor? {
        guard axis >= 0, axis < shape.rank else { return nil }
        for input in inputs {
            var dims = input.shape.dims
            guard dims.count == shape.rank else { return nil }
            dims[axis] = shape[axis]
            guard dims == shape.dims else { return nil }
        }
        guard inputs.map({ $0.shape[axis] }).reduce(0, +) == shape[axis] else { return nil }
        let outer = shape.dims[..<axis].reduce(1, *)
        var scalars: [Float] = []
        scalars.reserveCapacity(shape.count)
        for row in 0..<outer {
            for input in inputs {
                let width = input.shape.dims[axis...].reduce(1, *)
                scalars += input.scalars[row * width..<(row + 1) * width]
            }
        }
        return try? Tensor(shape: shape, scalars: scalars)
    }
}
