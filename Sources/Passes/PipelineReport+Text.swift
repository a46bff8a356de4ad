import Foundation
import GraphIR

/// Which graphs a rendered report prints (the command line's `--print-after`).
public enum GraphPrinting: Hashable, Sendable {
    case none
    /// The graph after every pass.
    case all
    /// The graph after the passes with these names.
    case after(Set<String>)

    func includes(_ pass: String) -> Bool {
        switch self {
        case .none: return false
        case .all: return true
        case let .after(names): return names.contains(pass)
        }
    }
}

extension PassReport {
    /// `fold-batchnorm: 219 -> 183 nodes (-36)`, then one line per rewrite and refusal; node
    /// names lose `prefix` (a name scope every node shares) where they start with it.
    public func text(omitting prefix: String = "") -> String {
        func short(_ name: String) -> String { name.hasPrefix(prefix) ? String(name.dropFirst(prefix.count)) : name }
        func shortQuoted(_ text: String) -> String { prefix.isEmpty ? text : text.replacingOccurrences(of: "'" + prefix, with: "'") }
        let change = nodesAfter - nodesBefore
        var lines = ["\(pass): \(nodesBefore) -> \(nodesAfter) nodes (\(change > 0 ? "+" : "")\(change))"]
        for rewrite in rewrites {
            let nodes = Self.list(rewrite.nodes.map(short))
            if let result = rewrite.result {
                lines.append("  rewrote  \(nodes) -> \(short(result)): \(shortQuoted(rewrite.detail))")
            } else {
                lines.append("  removed  \(nodes): \(shortQuoted(rewrite.detail))")
            }
        }
        for refusal in refusals {
            lines.append("  refused  \(short(refusal.candidate)): \(shortQuoted(refusal.reason))")
        }
        if rewrites.isEmpty && refusals.isEmpty { lines.append("  nothing to do") }
        return lines.joined(separator: "\n")
    }

    /// Names joined by `+`; a long list shows its first two and last names and its length.
    private static func list(_ names: [String]) -> String {
        guard names.count > 4, let last = names.last else { return names.joined(separator: " + ") }
        return names.prefix(2).joined(separator: " + ") + " + … + \(last) (\(names.count) nodes)"
    }
}

extension PipelineReport {
    /// The report as text: a summary line, each pass's report and, for the passes `printing`
    /// selects, the graph after it (with shapes when `inputShapes` determine them). In the
    /// pass reports, the name scope every node shares (`dssmrecommendernetwork0_`) is omitted.
    public func text(printing: GraphPrinting = .none, inputShapes: [String: Shape] = [:]) -> String {
        let prefix = sharedScope
        var summary = "optimized \(original.nodes.count) -> \(optimized.nodes.count) nodes in \(passes.count) passes"
        if !prefix.isEmpty { summary += " (node names without the prefix '\(prefix)')" }
        var sections = [summary]
        for report in passes {
            sections.append(report.text(omitting: prefix))
            if printing.includes(report.pass) {
                let shapes = try? report.graph.inferShapes(inputShapes, requireComplete: false)
                sections.append("graph after \(report.pass):\n" + report.graph.textDump(shapes: shapes))
            }
        }
        return sections.joined(separator: "\n\n")
    }

    /// The longest prefix ending in `_` that the names of the original graph's ops and
    /// parameters all start with (inputs, named by the caller, do not count).
    private var sharedScope: String {
        let names = original.nodes.map(\.name).filter { !original.inputNames.contains($0) }
        guard var prefix = names.first else { return "" }
        for name in names.dropFirst() {
            while !name.hasPrefix(prefix) { prefix.removeLast() }
        }
        while let last = prefix.last, last != "_" { prefix.removeLast() }
        return prefix
    }
}
