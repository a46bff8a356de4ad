/// A Gluon-style node name split into the block scopes it was made in and its own name:
/// `net0_resnetv20_stage1_conv0_fwd` is `fwd` in `net0`, `net0_resnetv20`, `net0_resnetv20_stage1`,
/// `net0_resnetv20_stage1_conv0`. The name is cut at `_` (a doubled `_` stays with the word after it);
/// every word up to the last one that starts with a letter, ends with a digit and is not the last
/// word opens a scope, so `tiny_dense0_fwd` is `fwd` in `tiny`, `tiny_dense0`; `net0_mean0` is
/// `mean0` in `net0`; `net0_stage1__plus0` is `_plus0` in `net0`, `net0_stage1`.
struct ScopedName: Equatable {
    /// The scopes, outermost first, each written in full (`net0`, `net0_dense0`).
    var scopes: [String]
    /// The node's name inside its innermost scope.
    var local: String

    init(_ name: String) {
        var segments: [String] = []
        var pending = ""
        for word in name.split(separator: "_", omittingEmptySubsequences: false) {
            if word.isEmpty {
                pending += "_"
            } else {
                segments.append(pending + word)
                pending = ""
            }
        }
        if !pending.isEmpty { segments.append(pending.count > 1 ? String(pending.dropLast()) : "") }
        let closing = segments.dropLast().lastIndex { segment in
            let word = segment.drop { $0 == "_" }.unicodeScalars
            guard let first = word.first, let last = word.last else { return false }
            return first.properties.isAlphabetic && ("0"..."9").contains(last)
        }
        let scopeCount = closing.map { $0 + 1 } ?? 0
        scopes = (0..<scopeCount).map { segments[0...$0].joined(separator: "_") }
        local = segments[scopeCount...].joined(separator: "_")
    }

    /// The innermost scope's own word(s) (`conv0` for `net0_stage1_conv0`).
    static func title(of scope: String, parent: String?) -> String {
        guard let parent, scope.hasPrefix(parent + "_") else { return scope }
        return String(scope.dropFirst(parent.count + 1))
    }
}

/// Whether `prefix` (a trailing `_` is ignored) names `name` or a scope holding it, on a word
/// boundary: `net0_dense1` matches `net0_dense1_fwd` but not `net0_dense10_fwd`.
func matches(prefix: String, _ name: String) -> Bool {
    var stem = Substring(prefix)
    while stem.last == "_" { stem = stem.dropLast() }
    guard !stem.isEmpty else { return false }
    return name == stem || name.hasPrefix(stem + "_")
}

/// One step of a node's cluster path: a name scope, or a caller's group.
enum ClusterKey: Hashable {
    case scope(String)
    case group(Int)
}

/// The cluster path of each drawn node: its scopes, with the node's group (the first whose prefixes
/// match it) inserted once, just above the outermost item any of the group's prefixes claims and
/// no deeper than the scopes all its members share.
func clusterPaths(names: [Int: ScopedName], nodeNames: [Int: String], groups: [LayerGroup]) -> [Int: [ClusterKey]] {
    var paths = names.mapValues { $0.scopes.map(ClusterKey.scope) }
    var members: [Int: [(node: Int, depth: Int)]] = [:]
    for (node, scoped) in names {
        let name = nodeNames[node] ?? ""
        for (g, group) in groups.enumerated() {
            guard let prefix = group.layerPrefixes.first(where: { matches(prefix: $0, name) }) else { continue }
            let claimed = scoped.scopes.firstIndex { matches(prefix: prefix, $0) } ?? scoped.scopes.count
            members[g, default: []].append((node, claimed))
            break
        }
    }
    for (g, list) in members {
        guard let first = list.first, let firstScopes = names[first.node]?.scopes else { continue }
        var depth = list.map(\.depth).min() ?? 0
        for (node, _) in list {
            let scopes = names[node]?.scopes ?? []
            depth = min(depth, zip(firstScopes, scopes).prefix { $0 == $1 }.count)
        }
        for (node, _) in list {
            paths[node]?.insert(.group(g), at: depth)
        }
    }
    return paths
}
