import GraphIR

/// Runs a tree of elementwise ops as one kernel, one pass over memory (the cosine tail:
/// multiply, add scalar, divide). Views (`expand_dims`, `squeeze`, `Reshape` …) inside the
/// tree come along for free. A node joins the tree of its consumer when that consumer is its
/// only reader; a tree with at least two computing ops becomes one `_fused_elemwise` node
/// named after its root, whose value it computes.
public struct FuseElementwise: Pass {
    public let name = "fuse-elementwise"
    public let summary = "run trees of elementwise ops as one kernel"
    public let requires: Set<GraphProperty> = [.epiloguesFused, .batchNormActivationFused]
    public let provides: Set<GraphProperty> = [.elementwiseFused]

    public init() {}

    public func run(_ graph: Graph, context: inout PassContext) throws -> Graph {
        var editor = GraphEditor(graph, pass: name)
        for (root, members) in groups(editor) {
            let computing = members.filter { Self.isComputing(editor.node($0)?.op) }
            guard let rootNode = editor.node(root), computing.count >= 2 else {
                for slot in computing {
                    let reason = "nothing elementwise to fuse with: it reads \(editor.inputs(of: slot).map { editor.describe($0.node) }.joined(separator: " and ")) and feeds \(editor.describeConsumers(of: root))"
                    context.refused(editor.node(slot)?.name ?? "", reason)
                }
                continue
            }
            let (program, inputs) = Self.program(members, editor)
            let names = members.compactMap { editor.node($0)?.name }
            editor.replace(root, with: Node(name: rootNode.name, op: .fused(.elementwise(program)), inputs: inputs))
            for member in members where member != root { editor.remove(member) }
            context.rewrote(names, into: rootNode.name,
                            "\(computing.count) elementwise ops and \(members.count - computing.count) views in one pass: \(program.description)")
        }
        return try editor.finish()
    }

    /// Elementwise ops and views, the candidates for a fused tree.
    private static func isFusable(_ op: Op?) -> Bool {
        guard let op else { return false }
        return op.pattern == .elementwise || op.pattern == .view
    }

    /// Ops that compute (views and `Dropout` only relabel data).
    private static func isComputing(_ op: Op?) -> Bool {
        guard let op, op.pattern == .elementwise else { return false }
        if case .dropout = op { return false }
        return true
    }

    /// Fusable slots grouped by the root of their tree, members in graph order, roots in graph order.
    private func groups(_ editor: GraphEditor) -> [(root: Int, members: [Int])] {
        var root: [Int: Int] = [:]
        for slot in editor.indices.reversed() where Self.isFusable(editor.node(slot)?.op) {
            let consumers = editor.consumers(of: slot)
            if consumers.count == 1, !editor.isOutput(slot), let consumer = consumers.first, let top = root[consumer] {
                root[slot] = top
            } else {
                root[slot] = slot
            }
        }
        var members: [Int: [Int]] = [:]
        for slot in root.keys.sorted() { members[root[slot] ?? slot, default: []].append(slot) }
        return members.keys.sorted().map { ($0, members[$0] ?? []) }
    }

    /// The members as program steps; inputs are the entries read from outside, each once.
    private static func program(_ members: [Int], _ editor: GraphEditor) -> (ElementwiseProgram, [Entry]) {
        var position: [Int: Int] = [:]
        var inputs: [Entry] = []
        var steps: [ElementwiseProgram.Step] = []
        for slot in members {
            guard let node = editor.node(slot) else { continue }
            let operands = editor.inputs(of: slot).map { entry -> ElementwiseProgram.Operand in
                if let step = position[entry.node] { return .step(step) }
                if let index = inputs.firstIndex(of: entry) { return .input(index) }
                inputs.append(entry)
                return .input(inputs.count - 1)
            }
            position[slot] = steps.count
            steps.append(ElementwiseProgram.Step(op: node.op, operands: operands))
        }
        return (ElementwiseProgram(steps: steps), inputs)
    }
}
