/// Reads MXNet's string-valued attributes (`"(3, 3)"`, `"True"`, `"1e-05"`, `"None"`) into typed
/// values, throwing an error that names the node, op, key and value when one does not parse.
struct AttributeReader {
    let node: String
    let op: String
    let attributes: [String: String]

    private func bad(_ key: String, _ value: String, _ expected: String) -> GraphError {
        .badAttribute(node: node, op: op, key: key, value: value, expected: expected)
    }

    func has(_ key: String) -> Bool {
        guard let value = attributes[key] else { return false }
        return value != "None"
    }

    func int(_ key: String, default value: Int? = nil) throws -> Int {
        guard let text = attributes[key], text != "None" else {
            if let value { return value }
            throw bad(key, "", "given (it is required)")
        }
        guard let parsed = Int(text.trimmed) else { throw bad(key, text, "an integer") }
        return parsed
    }

    func positiveInt(_ key: String, default value: Int? = nil) throws -> Int {
        let parsed = try int(key, default: value)
        guard parsed > 0 else { throw bad(key, String(parsed), "a positive integer") }
        return parsed
    }

    func double(_ key: String, default value: Double) throws -> Double {
        guard let text = attributes[key], text != "None" else { return value }
        guard let parsed = Double(text.trimmed), parsed.isFinite else {
            throw bad(key, text, "a finite number")
        }
        return parsed
    }

    func bool(_ key: String, default value: Bool) throws -> Bool {
        guard let text = attributes[key], text != "None" else { return value }
        switch text.trimmed.lowercased() {
        case "true", "1": return true
        case "false", "0": return false
        default: throw bad(key, text, "a boolean (True or False)")
        }
    }

    /// A tuple `(a, b)`, `[a,b]`, `(a,)`, `()` or a lone integer; nil when absent or `None`.
    func optionalTuple(_ key: String) throws -> [Int]? {
        guard let text = attributes[key], text != "None" else { return nil }
        var body = Substring(text.trimmed)
        if let first = body.first, let last = body.last, (first == "(" && last == ")") || (first == "[" && last == "]") {
            body = body.dropFirst().dropLast()
        }
        let parts = body.split(separator: ",").map { $0.trimmed }.filter { !$0.isEmpty }
        var values: [Int] = []
        for part in parts {
            guard let value = Int(part.hasSuffix("L") ? String(part.dropLast()) : part) else {
                throw bad(key, text, "a tuple of integers")
            }
            values.append(value)
        }
        return values
    }

    func tuple(_ key: String, default value: [Int]) throws -> [Int] {
        try optionalTuple(key) ?? value
    }

    /// A 2-D window attribute: two positive (or, with `allowZero`, non-negative) integers.
    func window(_ key: String, default value: [Int]?, allowZero: Bool = false) throws -> [Int] {
        guard let parsed = try optionalTuple(key) ?? value else { throw bad(key, "", "given (it is required)") }
        let text = attributes[key] ?? ""
        guard parsed.count == 2 else { throw bad(key, text, "a 2-D window such as (3, 3)") }
        guard parsed.allSatisfy({ allowZero ? $0 >= 0 : $0 > 0 }) else {
            throw bad(key, text, allowZero ? "non-negative" : "positive")
        }
        return parsed
    }

    func choice<T: RawRepresentable>(_ key: String, default value: T) throws -> T where T.RawValue == String {
        guard let text = attributes[key], text != "None" else { return value }
        guard let parsed = T(rawValue: text) else { throw bad(key, text, "one of the supported values") }
        return parsed
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces.
    var trimmed: String {
        var view = Substring(self)
        while view.first == " " { view = view.dropFirst() }
        while view.last == " " { view = view.dropLast() }
        return String(view)
    }
}
