import GraphIR

/// Edits a graph by slots: the original nodes keep their indices, inserted variables get new
/// ones; nodes are replaced, removed or have their uses redirected, and `finish()` builds the
/// edited graph in topological order with every entry renumbered.
struct GraphEditor {
    private let graph: Graph
    private let pass: String
    /// The current node of every slot; nil once removed.
    private var slots: [Node?]
    /// For inserted slots (from `graph.nodes.count` on): the original slot they precede.
    private var insertedBefore: [Int] = []
    private var redirects: [Entry: Entry] = [:]
    private var values: [String: Tensor]
    /// Slots removed by `finish()` when nothing uses them any more.
    private var prunable: Set<Int> = []

    init(_ graph: Graph, pass: String) {
        self.graph = graph
        self.pass = pass
        self.slots = graph.nodes
        self.values = graph.values
    }

    /// Every slot index, inserted ones included.
    var indices: Range<Int> { slots.indices }

    /// The node in a slot; nil once removed.
    func node(_ slot: Int) -> Node? { slot < slots.count ? slots[slot] : nil }

    /// The entry that uses of `entry` now read.
    func resolve(_ entry: Entry) -> Entry {
        var current = entry
        while let next = redirects[current] { current = next }
        return current
    }

    /// The value bound to the variable in `slot`, if any.
    func value(ofVariable slot: Int) -> Tensor? {
        guard let node = node(slot), node.isVariable else { return nil }
        return values[node.name]
    }

    /// The slots of nodes reading any output of `slot`, once per read.
    func consumers(of slot: Int) -> [Int] {
        slots.indices.flatMap { index -> [Int] in
            guard let node = slots[index] else { return [] }
            return node.inputs.filter { resolve($0).node == slot }.map { _ in index }
        }
    }

    /// Whether a graph output reads `slot`.
    func isOutput(_ slot: Int) -> Bool { graph.outputs.contains { resolve($0).node == slot } }

    /// Reads of `slot`'s outputs by nodes and graph outputs together.
    func useCount(of slot: Int) -> Int {
        consumers(of: slot).count + graph.outputs.filter { resolve($0).node == slot }.count
    }

    /// The current inputs of the node in `slot`, redirects applied.
    func inputs(of slot: Int) -> [Entry] { node(slot)?.inputs.map(resolve) ?? [] }

    /// A node name not used by any slot: `base`, else `base_1`, `base_2` …
    func uniqueName(_ base: String) -> String {
        let taken = Set(slots.compactMap { $0?.name } + graph.nodes.map(\.name))
        var name = base, counter = 0
        while taken.contains(name) {
            counter += 1
            name = "\(base)_\(counter)"
        }
        return name
    }

    mutating func replace(_ slot: Int, with node: Node) { slots[slot] = node }

    mutating func remove(_ slot: Int) { slots[slot] = nil }

    /// Makes every use of `entry` read `target` instead.
    mutating func redirect(_ entry: Entry, to target: Entry) { redirects[entry] = target }

    /// Removes `slot` at `finish()` if nothing uses it then.
    mutating func removeIfUnused(_ slot: Int) { prunable.insert(slot) }

    /// Adds a variable bound to `value`, placed just before the original slot `before`.
    mutating func insertVariable(named name: String, value: Tensor, before: Int) -> Entry {
        slots.append(Node(name: name, op: .variable))
        insertedBefore.append(before)
        values[name] = value
        return Entry(node: slots.count - 1)
    }

    /// Binds `value` to the variable that replaces `slot`, keeping its name.
    mutating func replaceWithConstant(_ slot: Int, value: Tensor) {
        guard let node = slots[slot] else { return }
        slots[slot] = Node(name: node.name, op: .variable)
        values[node.name] = value
    }

    /// The edited graph: slots in order (inserted ones before the slot they precede), entries
    /// renumbered, unused prunable slots dropped, values kept for surviving variables only.
    func finish() throws -> Graph {
        var live = slots
        pruneUnused(&live)
        var order: [Int] = []
        let originalCount = graph.nodes.count
        var inserted = Array(repeating: [Int](), count: originalCount + 1)
        for (k, before) in insertedBefore.enumerated() { inserted[min(before, originalCount)].append(originalCount + k) }
        for slot in 0...originalCount {
            order += inserted[slot]
            if slot < originalCount { order.append(slot) }
        }
        var newIndex: [Int: Int] = [:]
        var nodes: [Node] = []
        for slot in order {
            guard var node = live[slot] else { continue }
            node.inputs = try node.inputs.map { try renumber($0, newIndex, reader: node.name) }
            newIndex[slot] = nodes.count
            nodes.append(node)
        }
        let outputs = try graph.outputs.map { try renumber($0, newIndex, reader: "the graph's outputs") }
        let variables = Set(nodes.filter(\.isVariable).map(\.name))
        return Graph(nodes: nodes, outputs: outputs, values: values.filter { variables.contains($0.key) })
    }

    private func renumber(_ entry: Entry, _ newIndex: [Int: Int], reader: String) throws -> Entry {
        let target = resolve(entry)
        guard let index = newIndex[target.node] else {
            let original = graph.nodes.indices.contains(target.node) ? graph.nodes[target.node].name : "#\(target.node)"
            let name = node(target.node)?.name ?? original
            throw PassError.brokeGraph(pass: pass, message: "\(reader) reads '\(name)', which is removed or comes later")
        }
        return Entry(node: index, output: target.output)
    }

    /// Drops prunable slots that no live node and no output reads, until none is left.
    private func pruneUnused(_ live: inout [Node?]) {
        var changed = true
        while changed {
            changed = false
            var used = Set(graph.outputs.map { resolve($0).node })
            for node in live.compactMap({ $0 }) { for input in node.inputs { used.insert(resolve(input).node) } }
            for slot in prunable where live[slot] != nil && !used.contains(slot) {
                live[slot] = nil
                changed = true
            }
        }
    }
}
