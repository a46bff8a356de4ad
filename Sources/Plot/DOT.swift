/// Quoting for the DOT language.
public enum DOT {
    /// `text` as a double-quoted DOT string.
    ///
    /// `"` and `\` are backslash-escaped and line breaks become `\n` / `\r`, so any name gives a
    /// valid ID that graphviz keeps distinct from every other name, and a label shows the text
    /// as written (graphviz reads `\\` in a label as one backslash and `\n` as a line break).
    /// Control characters graphviz cannot carry (NUL and the like, except tab) become U+FFFD.
    public static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out.unicodeScalars.append(scalar)
            case _ where scalar.value < 0x20 || scalar.value == 0x7F: out += "\u{FFFD}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// `text` bare when it is a plain identifier (letters, digits, `_`; not a keyword), else quoted.
    static func identifier(_ text: String) -> String {
        let plain = text.first.map { !$0.isNumber } == true
            && text.unicodeScalars.allSatisfy { $0.isASCII && ($0 == "_" || $0.properties.isAlphabetic || ("0"..."9").contains($0)) }
        return plain && !keywords.contains(text.lowercased()) ? text : quoted(text)
    }

    private static let keywords: Set<String> = ["node", "edge", "graph", "digraph", "subgraph", "strict"]
}

/// An ordered list of DOT attributes (`key=value`); setting a key again replaces its value in place.
public struct DOTAttributes: Hashable, Sendable, ExpressibleByDictionaryLiteral, Sequence {
    /// The attributes in the order they are written.
    public private(set) var pairs: [(key: String, value: String)] = []

    /// An empty list.
    public init() {}

    /// The attributes of a literal, in its order.
    public init(dictionaryLiteral elements: (String, String)...) {
        for (key, value) in elements { self[key] = value }
    }

    /// The value of `key`, or nil; assigning nil removes the key.
    public subscript(key: String) -> String? {
        get { pairs.first { $0.key == key }?.value }
        set {
            let index = pairs.firstIndex { $0.key == key }
            switch (index, newValue) {
            case let (i?, value?): pairs[i].value = value
            case let (i?, nil): pairs.remove(at: i)
            case let (nil, value?): pairs.append((key, value))
            case (nil, nil): break
            }
        }
    }

    /// These attributes with `other`'s added (`other` wins on a shared key).
    public func merging(_ other: DOTAttributes) -> DOTAttributes {
        var out = self
        for (key, value) in other.pairs { out[key] = value }
        return out
    }

    public var isEmpty: Bool { pairs.isEmpty }

    public func makeIterator() -> IndexingIterator<[(key: String, value: String)]> { pairs.makeIterator() }

    /// `[key="value" …]`, or the empty string when there are no attributes.
    public var rendered: String {
        pairs.isEmpty ? "" : "[" + pairs.map { DOT.identifier($0.key) + "=" + DOT.quoted($0.value) }.joined(separator: " ") + "]"
    }

    public static func == (lhs: DOTAttributes, rhs: DOTAttributes) -> Bool {
        lhs.pairs.elementsEqual(rhs.pairs) { $0.key == $1.key && $0.value == $1.value }
    }

    public func hash(into hasher: inout Hasher) {
        for (key, value) in pairs { hasher.combine(key); hasher.combine(value) }
    }
}

/// A node statement.
public struct DOTNode: Hashable, Sendable {
    public var id: String
    public var attributes: DOTAttributes
    public init(_ id: String, _ attributes: DOTAttributes = [:]) { self.id = id; self.attributes = attributes }
}

/// An edge statement (`from -> to`).
public struct DOTEdge: Hashable, Sendable {
    public var from: String
    public var to: String
    public var attributes: DOTAttributes
    public init(_ from: String, _ to: String, _ attributes: DOTAttributes = [:]) {
        self.from = from; self.to = to; self.attributes = attributes
    }
}

/// A subgraph; graphviz draws it as a box around its nodes when its ID starts with `cluster`.
public struct DOTSubgraph: Hashable, Sendable {
    public var id: String
    /// Graph attributes of the subgraph (`label`, `style`, `color` …).
    public var attributes: DOTAttributes
    public var nodes: [DOTNode]
    public var subgraphs: [DOTSubgraph]

    public init(_ id: String, attributes: DOTAttributes = [:], nodes: [DOTNode] = [], subgraphs: [DOTSubgraph] = []) {
        self.id = id; self.attributes = attributes; self.nodes = nodes; self.subgraphs = subgraphs
    }

    func render(into lines: inout [String], indent: String) {
        lines.append(indent + "subgraph " + DOT.quoted(id) + " {")
        let inner = indent + "\t"
        for (key, value) in attributes { lines.append(inner + DOT.identifier(key) + "=" + DOT.quoted(value)) }
        for node in nodes { lines.append(inner + statement(node)) }
        for subgraph in subgraphs { subgraph.render(into: &lines, indent: inner) }
        lines.append(indent + "}")
    }
}

/// A DOT document: a directed graph with default attributes, nodes, nested subgraphs and edges.
/// Every ID and value is written quoted, so names need no care.
public struct DOTGraph: Hashable, Sendable {
    public var name: String
    /// Attributes of the whole graph (`rankdir`, `label` …).
    public var attributes: DOTAttributes = [:]
    /// Defaults for every node (`node [...]`).
    public var nodeDefaults: DOTAttributes = [:]
    /// Defaults for every edge (`edge [...]`).
    public var edgeDefaults: DOTAttributes = [:]
    public var nodes: [DOTNode] = []
    public var subgraphs: [DOTSubgraph] = []
    public var edges: [DOTEdge] = []

    public init(name: String) { self.name = name }

    /// The DOT text, one statement per line.
    public var rendered: String {
        var lines = ["digraph " + DOT.quoted(name) + " {"]
        if !attributes.isEmpty { lines.append("\tgraph " + attributes.rendered) }
        if !nodeDefaults.isEmpty { lines.append("\tnode " + nodeDefaults.rendered) }
        if !edgeDefaults.isEmpty { lines.append("\tedge " + edgeDefaults.rendered) }
        for node in nodes { lines.append("\t" + statement(node)) }
        for subgraph in subgraphs { subgraph.render(into: &lines, indent: "\t") }
        for edge in edges {
            let head = "\t" + DOT.quoted(edge.from) + " -> " + DOT.quoted(edge.to)
            lines.append(edge.attributes.isEmpty ? head : head + " " + edge.attributes.rendered)
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }
}

private func statement(_ node: DOTNode) -> String {
    node.attributes.isEmpty ? DOT.quoted(node.id) : DOT.quoted(node.id) + " " + node.attributes.rendered
}
