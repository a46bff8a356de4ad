/// A small DOT reader for comparing drawings structurally: nodes with their attributes, edges as
/// a multiset, and the tree of subgraphs. It reads what the `Plot` writers and Python's graphviz
/// package write: `digraph`, node/edge/attribute statements, `ID=ID`, nested `subgraph`s, bare,
/// numeral and quoted IDs (with `+` concatenation), comments. Quoted strings are decoded the way
/// `DOT.quoted` encodes them: `\"`, `\\`, `\n`, `\r`; other backslash pairs stay as written.
struct ParsedDOT {
    var name: String?
    var graphAttributes: [String: String] = [:]
    /// Every node, declared or named by an edge, with the defaults in effect when it appeared
    /// and all its later attribute statements merged in.
    var nodes: [String: [String: String]] = [:]
    var edges: [ParsedEdge] = []
    /// The graph's statements as a tree of subgraphs.
    var root = ParsedSubgraph(id: nil)

    init(_ text: String) throws {
        var tokenizer = DOTTokenizer(text)
        var parser = DOTParser(tokens: try tokenizer.tokens())
        self = try parser.document()
    }

    fileprivate init() {}

    /// The edges with their counts.
    var edgeCounts: [ParsedEdge: Int] { edges.reduce(into: [:]) { $0[$1, default: 0] += 1 } }

    /// Every subgraph, depth first.
    var allSubgraphs: [ParsedSubgraph] {
        var out: [ParsedSubgraph] = []
        func visit(_ s: ParsedSubgraph) { for child in s.children { out.append(child); visit(child) } }
        visit(root)
        return out
    }
}

struct ParsedEdge: Hashable, CustomStringConvertible {
    var from: String
    var to: String
    var attributes: [String: String]
    var description: String { "\(from) -> \(to) \(attributes)" }
}

struct ParsedSubgraph {
    var id: String?
    var attributes: [String: String] = [:]
    /// Nodes declared or named by edges directly in this subgraph (not in its children).
    var nodeIDs: [String] = []
    var children: [ParsedSubgraph] = []

    /// The nodes in this subgraph and all subgraphs inside it.
    var allNodeIDs: [String] { nodeIDs + children.flatMap(\.allNodeIDs) }
}

struct DOTParseError: Error, CustomStringConvertible {
    var message: String
    var description: String { "DOT: " + message }
}

private enum Token: Equatable {
    case bare(String)
    case quoted(String)
    case symbol(String)

    var id: String? {
        switch self {
        case let .bare(s), let .quoted(s): return s
        case .symbol: return nil
        }
    }

    func isKeyword(_ word: String) -> Bool {
        if case let .bare(s) = self { return s.lowercased() == word }
        return false
    }
}

private struct DOTTokenizer {
    let scalars: [Unicode.Scalar]
    var position = 0

    init(_ text: String) { scalars = Array(text.unicodeScalars) }

    private func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        position + offset < scalars.count ? scalars[position + offset] : nil
    }

    private static func isIDScalar(_ c: Unicode.Scalar) -> Bool {
        c == "_" || !c.isASCII || ("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c)
    }

    mutating func tokens() throws -> [Token] {
        var out: [Token] = []
        var atLineStart = true
        while let c = peek() {
            if c == "\n" { position += 1; atLineStart = true; continue }
            if c == " " || c == "\t" || c == "\r" { position += 1; continue }
            if atLineStart && c == "#" {
                while let d = peek(), d != "\n" { position += 1 }
                continue
            }
            atLineStart = false
            if c == "/" && peek(1) == "/" {
                while let d = peek(), d != "\n" { position += 1 }
            } else if c == "/" && peek(1) == "*" {
                position += 2
                while peek() != nil && !(peek() == "*" && peek(1) == "/") { position += 1 }
                guard peek() != nil else { throw DOTParseError(message: "unterminated comment") }
                position += 2
            } else if c == "\"" {
                var text = try quoted()
                while true {
                    let save = position
                    skipSpace()
                    guard peek() == "+" else { position = save; break }
                    position += 1
                    skipSpace()
                    guard peek() == "\"" else { throw DOTParseError(message: "'+' must join quoted strings") }
                    text += try quoted()
                }
                out.append(.quoted(text))
            } else if c == "-" && (peek(1) == ">" || peek(1) == "-") {
                out.append(.symbol(peek(1) == ">" ? "->" : "--"))
                position += 2
            } else if "{}[]=;,:".unicodeScalars.contains(c) {
                out.append(.symbol(String(c)))
                position += 1
            } else if Self.isIDScalar(c) || c == "-" || c == "." {
                var text = String(c)
                position += 1
                while let d = peek(), Self.isIDScalar(d) || d == "." { text.unicodeScalars.append(d); position += 1 }
                out.append(.bare(text))
            } else {
                throw DOTParseError(message: "unexpected character '\(c)' at \(position)")
            }
        }
        return out
    }

    private mutating func skipSpace() {
        while let c = peek(), c == " " || c == "\t" || c == "\n" || c == "\r" { position += 1 }
    }

    private mutating func quoted() throws -> String {
        position += 1
        var text = String.UnicodeScalarView()
        while let c = peek() {
            position += 1
            if c == "\"" { return String(text) }
            guard c == "\\", let next = peek() else { text.append(c); continue }
            position += 1
            switch next {
            case "\"": text.append("\"")
            case "\\": text.append("\\")
            case "n": text.append("\n")
            case "r": text.append("\r")
            case "\n": break
            default: text.append(c); text.append(next)
            }
        }
        throw DOTParseError(message: "unterminated string")
    }
}

private struct DOTParser {
    let tokens: [Token]
    var position = 0
    var result = ParsedDOT()

    init(tokens: [Token]) { self.tokens = tokens }

    private var current: Token? { position < tokens.count ? tokens[position] : nil }

    private mutating func expect(_ symbol: String) throws {
        guard current == .symbol(symbol) else {
            throw DOTParseError(message: "expected '\(symbol)' at token \(position), found \(String(describing: current))")
        }
        position += 1
    }

    private mutating func accept(_ symbol: String) -> Bool {
        guard current == .symbol(symbol) else { return false }
        position += 1
        return true
    }

    private mutating func id() throws -> String {
        guard let text = current?.id else { throw DOTParseError(message: "expected an ID at token \(position)") }
        position += 1
        return text
    }

    mutating func document() throws -> ParsedDOT {
        if current?.isKeyword("strict") == true { position += 1 }
        guard current?.isKeyword("digraph") == true || current?.isKeyword("graph") == true else {
            throw DOTParseError(message: "expected 'digraph'")
        }
        position += 1
        if current != .symbol("{") { result.name = try id() }
        var root = ParsedSubgraph(id: nil)
        var attributes: [String: String] = [:]
        try block(into: &root, graphAttributes: &attributes, nodeDefaults: [:], edgeDefaults: [:])
        guard current == nil else { throw DOTParseError(message: "text after the closing brace") }
        result.root = root
        result.graphAttributes = attributes
        return result
    }

    private mutating func block(into subgraph: inout ParsedSubgraph, graphAttributes: inout [String: String],
                                nodeDefaults: [String: String], edgeDefaults: [String: String]) throws {
        var nodeDefaults = nodeDefaults, edgeDefaults = edgeDefaults
        try expect("{")
        while !accept("}") {
            guard let token = current else { throw DOTParseError(message: "missing '}'") }
            if accept(";") { continue }
            if token.isKeyword("graph") || token.isKeyword("node") || token.isKeyword("edge") {
                position += 1
                let list = try attributeLists()
                if token.isKeyword("graph") { graphAttributes.merge(list) { $1 } }
                if token.isKeyword("node") { nodeDefaults.merge(list) { $1 } }
                if token.isKeyword("edge") { edgeDefaults.merge(list) { $1 } }
            } else if token.isKeyword("subgraph") || token == .symbol("{") {
                var child = ParsedSubgraph(id: nil)
                if token.isKeyword("subgraph") {
                    position += 1
                    if current != .symbol("{") { child.id = try id() }
                }
                var childAttributes: [String: String] = [:]
                try block(into: &child, graphAttributes: &childAttributes, nodeDefaults: nodeDefaults, edgeDefaults: edgeDefaults)
                child.attributes = childAttributes
                subgraph.children.append(child)
            } else {
                let first = try nodeID()
                if accept("=") {
                    graphAttributes[first] = try id()
                    continue
                }
                var chain = [first]
                while accept("->") || accept("--") { chain.append(try nodeID()) }
                let list = try attributeLists()
                if chain.count == 1 {
                    touch(first, defaults: nodeDefaults, in: &subgraph)
                    result.nodes[first]?.merge(list) { $1 }
                } else {
                    for name in chain { touch(name, defaults: nodeDefaults, in: &subgraph) }
                    for (from, to) in zip(chain, chain.dropFirst()) {
                        result.edges.append(ParsedEdge(from: from, to: to, attributes: edgeDefaults.merging(list) { $1 }))
                    }
                }
            }
        }
    }

    private mutating func nodeID() throws -> String {
        let name = try id()
        while accept(":") { _ = try id() }
        return name
    }

    private mutating func touch(_ name: String, defaults: [String: String], in subgraph: inout ParsedSubgraph) {
        if result.nodes[name] == nil { result.nodes[name] = defaults }
        if !subgraph.nodeIDs.contains(name) { subgraph.nodeIDs.append(name) }
    }

    private mutating func attributeLists() throws -> [String: String] {
        var out: [String: String] = [:]
        while accept("[") {
            while !accept("]") {
                let key = try id()
                try expect("=")
                out[key] = try id()
                _ = accept(",") || accept(";")
            }
        }
        return out
    }
}
