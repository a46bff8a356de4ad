import Foundation

extension Graph {
    /// Reads an MXNet symbol file (`NAME-symbol.json`).
    public init(contentsOfSymbolFile url: URL) throws {
        try self.init(symbolJSON: Data(readBytes(of: url)), file: url.path)
    }

    /// Parses MXNet symbol JSON; `file` names the source in errors.
    public init(symbolJSON data: Data, file: String = "symbol JSON") throws {
        func fail(_ location: String, _ message: String) -> GraphError {
            .malformedFile(file: file, location: location, message: message)
        }
        let root: Any
        do { root = try JSONSerialization.jsonObject(with: data) } catch {
            throw fail("", "is not valid JSON (\(error.localizedDescription))")
        }
        guard let top = root as? [String: Any] else { throw fail("$", "expected an object") }
        guard let rawNodes = top["nodes"] as? [Any] else { throw fail("$.nodes", "expected an array of nodes") }
        var nodes: [Node] = []
        nodes.reserveCapacity(rawNodes.count)
        for (i, raw) in rawNodes.enumerated() {
            let path = "$.nodes[\(i)]"
            guard let object = raw as? [String: Any] else { throw fail(path, "expected an object") }
            guard let opName = object["op"] as? String else { throw fail(path + ".op", "expected a string") }
            guard let name = object["name"] as? String else { throw fail(path + ".name", "expected a string") }
            var attributes: [String: String] = [:]
            for key in ["attrs", "attr", "param"] {
                guard let rawAttrs = object[key] else { continue }
                guard let dict = rawAttrs as? [String: Any] else { throw fail("\(path).\(key)", "expected an object") }
                for (k, v) in dict {
                    guard let text = v as? String else { throw fail("\(path).\(key).\(k)", "expected a string value") }
                    attributes[k] = text
                }
            }
            let hints = attributes.filter { $0.key.hasPrefix("__") && $0.key.hasSuffix("__") }
            let opAttributes = attributes.filter { !($0.key.hasPrefix("__") && $0.key.hasSuffix("__")) }
            let op = try Op(mxnetName: opName, attributes: opAttributes, node: name)
            let inputs = try Graph.entries(object["inputs"] ?? [Any](), path: path + ".inputs", fail: fail)
            nodes.append(Node(name: name, op: op, inputs: inputs, hints: hints))
        }
        guard let heads = top["heads"] else { throw fail("$.heads", "missing") }
        self.init(nodes: nodes, outputs: try Graph.entries(heads, path: "$.heads", fail: fail))
        do { try verify() } catch let error as GraphError {
            throw fail("", error.description)
        }
    }

    private static func entries(_ raw: Any, path: String, fail: (String, String) -> GraphError) throws -> [Entry] {
        guard let list = raw as? [Any] else { throw fail(path, "expected an array of [node, output, version]") }
        return try list.enumerated().map { j, item in
            guard let triple = item as? [Any], triple.count >= 2, triple.count <= 3,
                  let node = integer(triple[0]), let output = integer(triple[1]) else {
                throw fail("\(path)[\(j)]", "expected [node, output, version] with integer indices")
            }
            return Entry(node: node, output: output)
        }
    }

    private static func integer(_ value: Any) -> Int? {
        guard let number = value as? NSNumber else { return nil }
        let double = number.doubleValue
        guard double == double.rounded(), abs(double) < 1e15 else { return nil }
        return Int(double)
    }

    /// The graph as MXNet symbol JSON, in the layout `Symbol.tojson()` writes.
    public func symbolJSON() -> String {
        var lines: [String] = ["{", "  \"nodes\": ["]
        for (i, node) in nodes.enumerated() {
            var fields = ["      \"op\": \(jsonString(node.op.mxnetName))", "      \"name\": \(jsonString(node.name))"]
            var attributes = node.op.mxnetAttributes.merging(node.hints) { op, _ in op }
            switch node.op {
            case .concat, .rnnParamConcat: attributes["num_args"] = String(node.inputs.count)
            default: break
            }
            if !attributes.isEmpty {
                let body = attributes.keys.sorted().map { "        \(jsonString($0)): \(jsonString(attributes[$0] ?? ""))" }
                fields.append("      \"attrs\": {\n" + body.joined(separator: ", \n") + "\n      }")
            }
            let inputs = node.inputs.map { "[\($0.node), \($0.output), 0]" }.joined(separator: ", ")
            fields.append("      \"inputs\": [\(inputs)]")
            lines.append("    {\n" + fields.joined(separator: ", \n") + "\n    }" + (i + 1 < nodes.count ? ", " : ""))
        }
        var rowPointer = [0]
        for node in nodes { rowPointer.append((rowPointer.last ?? 0) + node.op.internalOutputCount) }
        lines.append("  ], ")
        lines.append("  \"arg_nodes\": [\(variableIndices.map(String.init).joined(separator: ", "))], ")
        lines.append("  \"node_row_ptr\": [\(rowPointer.map(String.init).joined(separator: ", "))], ")
        lines.append("  \"heads\": [\(outputs.map { "[\($0.node), \($0.output), 0]" }.joined(separator: ", "))], ")
        lines.append("  \"attrs\": {\"mxnet_version\": [\"int\", 10901]}")
        lines.append("}")
        return lines.joined(separator: "\n")
    }
}

/// A JSON string literal with the escapes JSON requires.
public func jsonString(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case _ where scalar.value < 0x20:
            let hex = String(scalar.value, radix: 16)
            out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        default: out.unicodeScalars.append(scalar)
        }
    }
    return out + "\""
}
