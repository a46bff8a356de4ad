import GraphIR
import Synchronization

/// How op nodes are named while a block traces itself, as the name manager that Gluon 1.x
/// enters for each call of a block: an op given a name gets the block's prefix
/// (`dense0_` + `fwd`), an op given none gets the prefix, a hint and a counter that starts
/// afresh at each call (`dssmrecommendernetwork0_` + `transpose1`).
final class TraceScope: Sendable {
    let prefix: String
    private let counters = Mutex<[String: Int]>([:])

    init(prefix: String) {
        self.prefix = prefix
    }

    /// A name for an op with no name of its own, unique in `builder`.
    func name(hint: String, in builder: GraphBuilder) -> String {
        counters.withLock { counters in
            var count = counters[hint, default: 0]
            while builder.containsNode(named: prefix + hint + String(count)) { count += 1 }
            counters[hint] = count + 1
            return prefix + hint + String(count)
        }
    }

    /// The name of an op named `name`, made unique in `builder` with a `_1`, `_2` … suffix when
    /// the block is called more than once.
    func name(explicit name: String, in builder: GraphBuilder) -> String {
        let base = prefix + name
        guard builder.containsNode(named: base) else { return base }
        var suffix = 1
        while builder.containsNode(named: base + "_" + String(suffix)) { suffix += 1 }
        return base + "_" + String(suffix)
    }

    /// The scope of the block being traced, if any.
    @TaskLocal static var current: TraceScope?

    /// The scope ops are named in when no block is being traced: no prefix.
    static var currentOrTopLevel: TraceScope { current ?? TraceScope(prefix: "") }
}

extension GraphBuilder {
    /// Adds a node for an op called without a name, named as Gluon names it: the prefix of the
    /// block being traced, `hint` (the op's name in lower case, `_plus` for `+` …) and a
    /// counter (`lstm0_reshape3`).
    @discardableResult
    public func node(_ op: Op, hint: String, _ inputs: [Symbol], hints: [String: String] = [:]) -> Symbol {
        apply(op, name: TraceScope.currentOrTopLevel.name(hint: hint, in: self), inputs, hints: hints)
    }

    /// Adds a node for an op called with `name`, prefixed with the block being traced
    /// (`dense0_` + `fwd`).
    @discardableResult
    public func node(_ op: Op, named name: String, _ inputs: [Symbol], hints: [String: String] = [:]) -> Symbol {
        apply(op, name: TraceScope.currentOrTopLevel.name(explicit: name, in: self), inputs, hints: hints)
    }

    /// Whether some node already has this name.
    func containsNode(named name: String) -> Bool {
        nodes.contains { $0.name == name }
    }
}
