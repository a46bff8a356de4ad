/// The Gluon block scopes a node name was made in, outermost first, each written in full:
/// `net0_resnetv20_stage1_conv0_fwd` is in `net0`, `net0_resnetv20`, `net0_resnetv20_stage1`,
/// `net0_resnetv20_stage1_conv0`. The name is cut at `_` (a doubled `_` stays with the word after it);
/// every word up to the last one that starts with a letter, ends with a digit and is not the last
/// word opens a scope, so `tiny_dense0_fwd` is in `tiny`, `tiny_dense0`; `net0_mean0` is in `net0`;
/// `net0_stage1__plus0` is in `net0`, `net0_stage1`.
func nameScopes(_ name: String) -> [String] {
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
    let closing = segments.dropLast().lastIndex { segment in
        let word = segment.drop { $0 == "_" }.unicodeScalars
        guard let first = word.first, let last = word.last else { return false }
        return first.properties.isAlphabetic && ("0"..."9").contains(last)
    }
    return (0..<(closing.map { $0 + 1 } ?? 0)).map { segments[0...$0].joined(separator: "_") }
}

/// A scope's own word(s) inside its parent (`conv0` for `net0_stage1_conv0` in `net0_stage1`).
func scopeTitle(_ scope: String, parent: String?) -> String {
    guard let parent, scope.hasPrefix(parent + "_") else { return scope }
    return String(scope.dropFirst(parent.count + 1))
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
func clusterPaths(scopes: [Int: [String]], names: [Int: String], groups: [LayerGroup]) -> [Int: [ClusterKey]] {
    var paths = scopes.mapValues { $0.map(ClusterKey.scope) }
    var members: [Int: [(node: Int, depth: Int)]] = [:]
    for (node, nodeScopes) in scopes {
        let name = names[node] ?? ""
        for (g, group) in groups.enumerated() {
            guard let prefix = group.layerPrefixes.first(where: { matches(prefix: $0, name) }) else { continue }
            let claimed = nodeScopes.firstIndex { matches(prefix: prefix, $0) } ?? nodeScopes.count
            members[g, default: []].append((node, claimed))
            break
        }
    }
    for (g, list) in members {
        guard let first = list.first, let firstScopes = scopes[first.node] else { continue }
        var depth = list.map(\.depth).min() ?? 0
        for (node, _) in list {
            depth = min(depth, zip(firstScopes, scopes[node] ?? []).prefix { $0 == $1 }.count)
        }
        for (node, _) in list {
            paths[node]?.insert(.group(g), at: depth)
        }
    }
    return paths
}
