import Synchronization

/// Where new blocks get their names, as Gluon 1.x's block scopes: a block created while a
/// scope is current is prefixed with the scope's prefix and a per-scope counter of its kind
/// (`dssmrecommendernetwork0_` + `dense2_`).
///
/// A block opens its own scope with `BlockCore.withNameScope(_:)` while it creates its
/// children. Blocks created outside any scope share one process-wide root, as Gluon's global
/// name manager; enter a fresh `NameScope()` to get names that do not depend on what else
/// the process has created.
public final class NameScope: Sendable {
    /// The prefix of every block created in this scope.
    public let prefix: String
    private let counters = Mutex<[String: Int]>([:])

    /// Creates a scope whose blocks are prefixed with `prefix`.
    public init(prefix: String = "") {
        self.prefix = prefix
    }

    /// Runs `body` with this scope current, so that blocks it creates are named under it.
    public func enter<Result>(_ body: () throws -> Result) rethrows -> Result {
        try NameScope.$current.withValue(self, operation: body)
    }

    /// The next name for a block of kind `hint` in this scope: `dense0`, then `dense1` …
    func nextName(for hint: String) -> String {
        counters.withLock { counters in
            let count = counters[hint, default: 0]
            counters[hint] = count + 1
            return hint + String(count)
        }
    }

    /// The scope blocks are being created in.
    @TaskLocal static var current: NameScope?

    /// The scope of blocks created outside every other scope.
    static let root = NameScope()
}
