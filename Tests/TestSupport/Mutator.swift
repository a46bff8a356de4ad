import Foundation

/// SplitMix64: a tiny generator whose stream depends only on its seed, so a fuzz run is
/// reproducible from its seed and case number on any machine.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A JSON document as a tree that keeps key order and allows duplicate keys, with numbers
/// kept as their text so that a mutation can write numbers no `Double` holds.
public indirect enum JSONValue: Sendable {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([(key: String, value: JSONValue)])

    /// Converts what `JSONSerialization` returns; object keys are sorted so that the tree
    /// (and so every mutation of it) does not depend on dictionary order.
    public init(_ any: Any) {
        switch any {
        case let text as String: self = .string(text)
        case let list as [Any]: self = .array(list.map(JSONValue.init))
        case let dict as [String: Any]:
            self = .object(dict.keys.sorted().map { (key: $0, value: JSONValue(dict[$0] as Any)) })
        case let number as NSNumber:
            let double = number.doubleValue
            self = .number(double == double.rounded() && abs(double) < 1e18 ? String(number.int64Value) : String(double))
        default: self = .null
        }
    }

    /// Parses JSON bytes.
    public init(parsing data: Data) throws {
        self.init(try JSONSerialization.jsonObject(with: data))
    }

    /// Compact JSON text.
    public var text: String {
        var out = ""
        write(to: &out)
        return out
    }

    private func write(to out: inout String) {
        switch self {
        case .null: out += "null"
        case let .bool(flag): out += flag ? "true" : "false"
        case let .number(text): out += text
        case let .string(text): out += Self.quoted(text)
        case let .array(items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                item.write(to: &out)
            }
            out += "]"
        case let .object(pairs):
            out += "{"
            for (i, pair) in pairs.enumerated() {
                if i > 0 { out += "," }
                out += Self.quoted(pair.key) + ":"
                pair.value.write(to: &out)
            }
            out += "}"
        }
    }

    private static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// The value of `key` in an object (the first one when duplicated).
    public subscript(key: String) -> JSONValue? {
        guard case let .object(pairs) = self else { return nil }
        return pairs.first { $0.key == key }?.value
    }

    /// Sets (or appends) `key` in an object; no effect on other values.
    public mutating func set(_ key: String, _ value: JSONValue) {
        guard case var .object(pairs) = self else { return }
        if let i = pairs.firstIndex(where: { $0.key == key }) { pairs[i].value = value } else { pairs.append((key, value)) }
        self = .object(pairs)
    }
}

/// A deterministic mutation engine for fuzzing readers: raw byte damage for any file, and
/// structure-aware damage for MXNet symbol JSON (ops, attributes, shapes, edges, heads).
public struct Mutator {
    public var random: SplitMix64

    public init(seed: UInt64) { random = SplitMix64(seed: seed) }

    /// A uniform integer in `range`.
    public mutating func int(_ range: Range<Int>) -> Int { Int.random(in: range, using: &random) }

    /// True with probability `p`.
    public mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &random) < p }

    /// A uniform element of a non-empty array.
    public mutating func pick<T>(_ items: [T]) -> T { items[int(0..<items.count)] }

    // MARK: Bytes

    /// Applies one to four byte-level mutations.
    public mutating func mutateBytes(_ input: [UInt8]) -> [UInt8] {
        var bytes = input
        for _ in 0..<int(1..<5) { mutateOnce(&bytes) }
        return bytes
    }

    private static let interesting32: [Int64] = [0, 1, -1, 2, 3, 4, 8, 64, 255, 0x7FFF, 0x8000, 0xFFFF, 0x10000,
                                                 0x7FFF_FFFF, -0x8000_0000, 0xF993_FAC9, 0x112]
    private static let interesting64: [Int64] = [0, 1, -1, 0x112, 0x7FFF_FFFF, 0x1_0000_0000, 1 << 40, 1 << 62,
                                                 .max, .min, 1_000_000_000_000, 3_037_000_500]

    private mutating func mutateOnce(_ bytes: inout [UInt8]) {
        let count = bytes.count
        switch int(0..<9) {
        case 0 where count > 0:
            bytes[int(0..<count)] ^= UInt8(1) << UInt8(int(0..<8))
        case 1 where count > 0:
            bytes[int(0..<count)] = pick([0, 0xFF, 0x7F, 0x80, 0x01, UInt8(truncatingIfNeeded: int(0..<256))])
        case 2:
            bytes.removeLast(count == 0 ? 0 : int(0..<count + 1))
        case 3 where count > 0:
            let start = int(0..<count)
            bytes.removeSubrange(start..<min(count, start + int(1..<65)))
        case 4 where count > 0:
            let start = int(0..<count)
            let chunk = bytes[start..<min(count, start + int(1..<129))]
            bytes.insert(contentsOf: chunk, at: int(0..<count + 1))
        case 5:
            let junk = (0..<int(1..<17)).map { _ in UInt8(truncatingIfNeeded: int(0..<256)) }
            bytes.insert(contentsOf: junk, at: int(0..<count + 1))
        case 6 where count >= 4:
            overwrite(&bytes, at: int(0..<(count - 4) / 4 + 1) * 4, width: 4, value: pick(Self.interesting32))
        case 7 where count >= 8:
            overwrite(&bytes, at: int(0..<count - 7), width: 8, value: pick(Self.interesting64))
        case 8 where count >= 4:
            overwrite(&bytes, at: int(0..<count - 3), width: 4, value: pick(Self.interesting32))
        default:
            bytes.append(UInt8(truncatingIfNeeded: int(0..<256)))
        }
    }

    private func overwrite(_ bytes: inout [UInt8], at offset: Int, width: Int, value: Int64) {
        for k in 0..<width { bytes[offset + k] = UInt8(truncatingIfNeeded: value >> (8 * k)) }
    }

    // MARK: .npy headers

    /// Rewrites fields of a .npy header in place (the text between the braces), keeping the
    /// header length field as it was so that both fitting and misfitting headers occur.
    public mutating func mutateNPYHeader(_ input: [UInt8]) -> [UInt8] {
        guard let open = input.firstIndex(of: UInt8(ascii: "{")), let close = input.lastIndex(of: UInt8(ascii: "}")),
              open < close else { return mutateBytes(input) }
        var header = String(decoding: input[open...close], as: UTF8.self)
        switch int(0..<4) {
        case 0:
            header = replacing(header, after: "'shape': ", until: ")", with: pick(Self.npyShapes))
        case 1:
            header = replacing(header, after: "'descr': ", until: ",", with: pick(["'<f4'", "'>f8'", "'|b1'", "'<f2'", "'<c8'",
                                                                                  "'|i4'", "'<U3'", "'<f4", "5", "'''"]))
        case 2:
            header = replacing(header, after: "'fortran_order': ", until: ",", with: pick(["True", "False", "1", "'x'", "()"]))
        default:
            header = pick(["{}", "{'descr': '<f4'}", "{'shape': (), 'descr': '<f4', 'fortran_order': True}", "{", "}{",
                           "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), 'shape': (-2, 3)}"])
        }
        return Array(input[..<open]) + Array(header.utf8) + Array(input[(close + 1)...])
    }

    private static let npyShapes = [
        "()", "(0,)", "(0, 3)", "(-1,)", "(2, -3)", "(1000000000000,)", "(4294967296, 4294967296, 4294967296)",
        "(9223372036854775807,)", "(99999999999999999999,)", "(3037000500, 3037000500)", "(2, 3, 8, 8)",
        "(1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1)",
        "(2L, 3L)", "(,)", "(2 3)", "(-)", "(2,",
    ]

    private func replacing(_ text: String, after marker: String, until end: Character, with value: String) -> String {
        guard let start = text.range(of: marker)?.upperBound else { return text }
        let stop = text[start...].firstIndex(of: end).map { end == ")" ? text.index(after: $0) : $0 } ?? text.endIndex
        return String(text[..<start]) + value + String(text[stop...])
    }

    // MARK: Symbol JSON

    /// One mutated MXNet symbol file: one to three structural mutations of `symbol`,
    /// serialized, then sometimes byte damage on the text.
    public mutating func mutateSymbol(_ symbol: JSONValue) -> [UInt8] {
        var tree = symbol
        for _ in 0..<pick([1, 1, 1, 2, 2, 3]) { mutateStructure(&tree) }
        var bytes = Array(tree.text.utf8)
        if chance(0.15) { bytes = mutateBytes(bytes) }
        return bytes
    }

    private mutating func mutateStructure(_ tree: inout JSONValue) {
        guard case var .array(nodes)? = tree["nodes"], !nodes.isEmpty else {
            mutateAnywhere(&tree)
            return
        }
        let i = int(0..<nodes.count)
        switch int(0..<18) {
        case 0: nodes[i].set("op", .string(pick(Self.opNames + Self.unknownOps)))
        case 1: rewriteOp(&nodes[i])
        case 2: setAttribute(&nodes[i], key: pick(Self.attributeKeys))
        case 3: removeAttribute(&nodes[i])
        case 4: setAttribute(&nodes[i], key: "__shape__", value: shapeText())
        case 5:
            nodes[i] = .object([("op", .string("_zeros")), ("name", nodes[i]["name"] ?? .string("z")),
                                ("attrs", .object([("shape", .string(shapeText()))])), ("inputs", .array([]))])
        case 6:
            let reverse = chance(0.3) ? "True" : "False"
            let input = i > 0 ? entry(node: int(0..<i), output: 0) : .array([])
            nodes[i].set("op", .string("Reshape"))
            nodes[i].set("attrs", .object([("shape", .string(reshapeSpec())), ("reverse", .string(reverse))]))
            nodes[i].set("inputs", .array([input]))
        case 7: mutateInput(&nodes[i], nodeCount: nodes.count, index: i)
        case 8:
            if case var .array(inputs)? = nodes[i]["inputs"], !inputs.isEmpty {
                if chance(0.5) { inputs.remove(at: int(0..<inputs.count)) } else { inputs.append(pick(inputs)) }
                nodes[i].set("inputs", .array(inputs))
            }
        case 9: nodes.swapAt(i, int(0..<nodes.count))
        case 10: nodes.remove(at: i)
        case 11:
            var copy = nodes[i]
            if chance(0.5) { copy.set("name", .string("copy\(int(0..<1000))")) }
            nodes.insert(copy, at: int(i..<nodes.count + 1))
        case 12: nodes[i].set("name", nodes[int(0..<nodes.count)]["name"] ?? .null)
        case 13: tree.set("heads", headsValue(nodeCount: nodes.count))
        case 14:
            let j = int(0..<nodes.count)
            if case .string("null")? = nodes[min(i, j)]["op"] { break }
            nodes[min(i, j)].set("inputs", .array([entry(node: max(i, j), output: 0)]))
        default:
            tree.set("nodes", .array(nodes))
            mutateAnywhere(&tree)
            return
        }
        tree.set("nodes", .array(nodes))
    }

    /// A random value anywhere in the tree: removed key, duplicated key, wrong type, huge
    /// number, or wrapped in deep nesting.
    private mutating func mutateAnywhere(_ tree: inout JSONValue) {
        let action = int(0..<5)
        var budget = int(0..<64)
        visit(&tree, budget: &budget) { value, m in
            switch (action, value) {
            case (0, .object(var pairs)) where !pairs.isEmpty:
                pairs.remove(at: m.int(0..<pairs.count))
                value = .object(pairs)
            case (1, .object(var pairs)) where !pairs.isEmpty:
                var copy = pairs[m.int(0..<pairs.count)]
                if m.chance(0.5) { copy.value = m.oddValue() }
                pairs.insert(copy, at: m.int(0..<pairs.count + 1))
                value = .object(pairs)
            case (2, _): value = m.oddValue()
            case (3, .number): value = .number(m.pick(Self.hugeNumbers))
            case (4, _):
                let depth = m.pick([8, 100, 511, 513, 5_000, 100_000])
                value = .number("[" + String(repeating: "[", count: depth - 1) + value.text + String(repeating: "]", count: depth))
            default: value = m.oddValue()
            }
        }
    }

    /// Walks the tree depth-first and calls `body` on the value where `budget` runs out.
    private mutating func visit(_ value: inout JSONValue, budget: inout Int,
                                _ body: (inout JSONValue, inout Mutator) -> Void) {
        if budget == 0 {
            body(&value, &self)
            budget = -1
            return
        }
        budget -= 1
        switch value {
        case var .array(items):
            for k in items.indices where budget >= 0 { visit(&items[k], budget: &budget, body) }
            value = .array(items)
        case var .object(pairs):
            for k in pairs.indices where budget >= 0 { visit(&pairs[k].value, budget: &budget, body) }
            value = .object(pairs)
        default: break
        }
        if budget > 0, chance(0.02) {
            body(&value, &self)
            budget = -1
        }
    }

    private mutating func oddValue() -> JSONValue {
        switch int(0..<7) {
        case 0: return .null
        case 1: return .bool(chance(0.5))
        case 2: return .number(pick(Self.hugeNumbers))
        case 3: return .string(pick(Self.attributeValues))
        case 4: return .array([])
        case 5: return .object([])
        default: return .array([.number("0"), .number("0"), .number("0")])
        }
    }

    private mutating func rewriteOp(_ node: inout JSONValue) {
        let op = pick(Array(Self.opAttributes.keys).sorted())
        node.set("op", .string(op))
        var pairs: [(key: String, value: JSONValue)] = []
        for key in Self.opAttributes[op] ?? [] where chance(0.8) {
            pairs.append((key, .string(value(for: key))))
        }
        node.set("attrs", .object(pairs))
    }

    private mutating func setAttribute(_ node: inout JSONValue, key: String, value: String? = nil) {
        let text = value ?? self.value(for: key)
        let attrsKey = node["attrs"] != nil ? "attrs" : pick(["attrs", "attr", "param"])
        var attrs = node[attrsKey] ?? .object([])
        attrs.set(key, .string(text))
        node.set(attrsKey, attrs)
    }

    private mutating func removeAttribute(_ node: inout JSONValue) {
        guard case var .object(pairs)? = node["attrs"], !pairs.isEmpty else { return }
        pairs.remove(at: int(0..<pairs.count))
        node.set("attrs", .object(pairs))
    }

    private mutating func mutateInput(_ node: inout JSONValue, nodeCount: Int, index: Int) {
        guard case var .array(inputs)? = node["inputs"], !inputs.isEmpty else {
            if chance(0.2) { node.set("inputs", .array([entry(node: int(0..<nodeCount + 2), output: 0)])) }
            return
        }
        let k = int(0..<inputs.count)
        switch int(0..<6) {
        case 0: inputs[k] = entry(node: pick([-1, nodeCount, nodeCount + 7, index, Int(Int32.max)]), output: 0)
        case 1: inputs[k] = entry(node: int(0..<nodeCount), output: pick([-1, 1, 2, 3, 100]))
        case 2: inputs[k] = .array([.number(pick(["1e15", "1e16", "0.5", "-0", "1e308", "9223372036854775808"])), .number("0")])
        case 3: inputs[k] = .array([.number("0")])
        case 4: inputs[k] = .array([.number("0"), .number("0"), .number("0"), .number("0")])
        default: inputs[k] = .array([.string("0"), .null])
        }
        node.set("inputs", .array(inputs))
    }

    private mutating func headsValue(nodeCount: Int) -> JSONValue {
        switch int(0..<4) {
        case 0: return .array([])
        case 1: return .array([entry(node: pick([-1, nodeCount, Int(Int32.max)]), output: 0)])
        case 2: return .array([entry(node: int(0..<max(nodeCount, 1)), output: pick([0, 1, 2, -1])), entry(node: 0, output: 0)])
        default: return .object([])
        }
    }

    private func entry(node: Int, output: Int) -> JSONValue {
        .array([.number(String(node)), .number(String(output)), .number("0")])
    }

    /// A value for an attribute: usually one of the kind the key takes, sometimes any odd value.
    private mutating func value(for key: String) -> String {
        if chance(0.2) { return pick(Self.attributeValues) }
        switch key {
        case "num_hidden", "num_filter", "num_group", "input_dim", "output_dim", "state_size", "num_layers", "projection_size":
            return pick(["1", "2", "3", "4", "8", "1000", "65536", "2147483647", "4294967296", "9223372036854775807", "0", "-1"])
        case "kernel", "stride", "pad", "dilate":
            return pick(["(1, 1)", "(2, 2)", "(3, 3)", "(7, 7)", "(0, 0)", "(1,)", "(1, 1, 1)", "(65536, 65536)",
                         "(2147483647, 1)", "(4611686018427387904, 4611686018427387904)",
                         "(9223372036854775807, 9223372036854775807)", "(-1, 1)"])
        case "no_bias", "flatten", "fix_gamma", "use_global_stats", "global_pool", "count_include_pad", "keepdims",
             "exclude", "transpose_a", "transpose_b", "reverse", "bidirectional", "state_outputs":
            return pick(["True", "False", "1", "0", "maybe"])
        case "axis", "dim", "ord":
            return pick(["0", "1", "2", "3", "-1", "-2", "-4", "100", "-100", "9223372036854775807", "-9223372036854775808",
                         "()", "(0, 1)", "(1, 1)", "(-1,)"])
        case "axes": return pick(["()", "(0,)", "(1, 0)", "(0, 2, 1)", "(1, 0, 2)", "(0, 0)", "(3, 2, 1, 0)", "(-1, 0)",
                                  "(9223372036854775807,)"])
        case "shape": return chance(0.5) ? reshapeSpec() : shapeText()
        case "__shape__": return shapeText()
        case "p", "eps", "momentum", "scalar": return pick(["0", "0.5", "1e-05", "-1", "1e308", "nan", "inf", "1e400", "x"])
        case "act_type": return pick(["relu", "sigmoid", "tanh", "softrelu", "softsign", "gelu"])
        case "pool_type": return pick(["max", "avg", "sum", "lp"])
        case "pooling_convention": return pick(["valid", "full", "same"])
        case "mode": return pick(["lstm", "gru", "rnn_tanh"])
        case "layout": return pick(["NCHW", "NHWC", "None"])
        default: return pick(Self.attributeValues)
        }
    }

    /// A shape attribute: small, empty, unknown, negative, huge, overflowing or unparsable.
    public mutating func shapeText() -> String {
        if chance(0.3) {
            let dims = (0..<int(0..<6)).map { _ in pick(["1", "2", "3", "4", "0", "8", "64"]) }
            return "(" + dims.joined(separator: ", ") + (dims.count == 1 ? ",)" : ")")
        }
        return pick(["()", "(0,)", "(1,)", "(0, 0)", "(2, 3)", "(1000000000000,)", "(1000000, 1000000)",
                     "(4294967296, 4294967296, 4294967296)", "(9223372036854775807,)",
                     "(9223372036854775807, 9223372036854775807)", "(3037000500, 3037000500)", "(65536, 65536)",
                     "(-1, 2)", "(2, -5)", "(3, 0, 4)", "(2, 3, 8, 8)", "(2, 3", "[2, 3]", "(2; 3)", "(a,)", "",
                     "(" + Array(repeating: "1", count: 64).joined(separator: ", ") + ")"])
    }

    /// A `Reshape` target built from MXNet's special codes and sizes in odd places.
    public mutating func reshapeSpec() -> String {
        let codes = (0..<int(0..<7)).map { _ in
            pick(["0", "-1", "-2", "-3", "-4", "1", "2", "3", "4", "6", "12", "24", "-5", "9223372036854775807",
                  "4294967296", "3037000500", "-9223372036854775808"])
        }
        return "(" + codes.joined(separator: ", ") + (codes.count == 1 ? ",)" : ")")
    }

    public static let opNames = [
        "null", "FullyConnected", "Activation", "Embedding", "RNN", "Convolution", "BatchNorm", "Pooling", "Flatten",
        "Concat", "_rnn_param_concat", "Dropout", "transpose", "sum", "mean", "norm", "expand_dims", "squeeze",
        "batch_dot", "Reshape", "elemwise_add", "elemwise_sub", "elemwise_mul", "elemwise_div", "_maximum", "_minimum",
        "_power", "broadcast_add", "broadcast_plus", "broadcast_sub", "broadcast_mul", "broadcast_div",
        "broadcast_power", "broadcast_maximum", "_plus_scalar", "_minus_scalar", "_rminus_scalar", "_mul_scalar",
        "_div_scalar", "_rdiv_scalar", "_power_scalar", "_maximum_scalar", "_minimum_scalar", "relu", "sigmoid",
        "tanh", "exp", "log", "sqrt", "square", "negative", "abs", "softmax", "_zeros", "_copy", "identity",
    ]

    static let unknownOps = ["Foo", "", "Convolution_v1", "_scalar", "_foo_scalar", "broadcast_", "broadcast_foo",
                             "SoftmaxOutput", "null ", "NULL"]

    static let opAttributes: [String: [String]] = [
        "FullyConnected": ["num_hidden", "no_bias", "flatten"], "Activation": ["act_type"],
        "Embedding": ["input_dim", "output_dim"],
        "RNN": ["mode", "state_size", "num_layers", "bidirectional", "state_outputs", "p", "projection_size"],
        "Convolution": ["kernel", "stride", "dilate", "pad", "num_filter", "num_group", "no_bias", "layout"],
        "BatchNorm": ["eps", "momentum", "fix_gamma", "use_global_stats", "axis"],
        "Pooling": ["kernel", "pool_type", "global_pool", "pooling_convention", "stride", "pad", "count_include_pad", "layout"],
        "Concat": ["dim"], "_rnn_param_concat": ["dim"], "Dropout": ["p"], "transpose": ["axes"],
        "sum": ["axis", "keepdims", "exclude"], "mean": ["axis", "keepdims", "exclude"], "norm": ["ord", "axis", "keepdims"],
        "expand_dims": ["axis"], "squeeze": ["axis"], "batch_dot": ["transpose_a", "transpose_b"],
        "Reshape": ["shape", "reverse"], "_plus_scalar": ["scalar"], "_rdiv_scalar": ["scalar"], "softmax": ["axis"],
        "_zeros": ["shape"], "broadcast_mul": [], "elemwise_add": [], "Flatten": [], "relu": [],
    ]

    static let attributeKeys = Array(Set(opAttributes.values.joined())).sorted() + ["__shape__", "__init__", "unknown_key"]

    static let attributeValues = [
        "", "None", "0", "1", "2", "3", "-1", "-2", "-3", "-4", "7", "65536", "2147483647", "2147483648", "4294967296",
        "9223372036854775807", "-9223372036854775808", "9223372036854775808", "1e400", "nan", "inf", "-0", "1.5",
        "True", "False", "true", "maybe", "()", "(,)", "(0,)", "(1,)", "(2, 2)", "(0, 0)", "(-1, -1)", "(3, 3)",
        "(1000000, 1000000)", "(2147483647, 2147483647)", "(9223372036854775807, 2)", "[2,2]", "(2, 2", "2, 2)",
        "(a, b)", "(1, 2, 3, 4, 5, 6, 7, 8, 9)", "(3L, 3L)", "relu", "lstm", "avg", "full", "NCHW", "NHWC",
        "(0, -1)", "(-2,)", "(-3, -2)", "(-4, -1, 2, -2)", "  4  ", "\u{0}", "é",
    ]

    static let hugeNumbers = ["0", "-1", "1e15", "1e16", "-1e15", "1.5", "1e308", "-1e308", "9223372036854775807",
                              "9223372036854775808", "-9223372036854775809", "123456789012345678901234567890",
                              "4294967296", "1e400", "-0", "0.0000001"]
}
