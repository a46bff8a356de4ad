/// The fields of a .npy header, a Python dict literal such as
/// `{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }`.
struct NPYHeader {
    var type: ElementType
    var bigEndian: Bool
    var fortranOrder: Bool
    var shape: [Int]

    /// Parses the header bytes (a slice of `reader`'s bytes, so errors carry file offsets).
    /// Keys may come in any order; unknown keys are ignored.
    init(parsing text: ArraySlice<UInt8>, of reader: ByteReader) throws {
        var parser = DictLiteralParser(text: text, reader: reader)
        let fields = try parser.parseDict()
        func field(_ key: String) throws -> (value: DictLiteralParser.Value, offset: Int) {
            guard let found = fields[key] else {
                throw reader.error("the header has no '\(key)' key", at: text.startIndex)
            }
            return found
        }
        let descr = try field("descr"), order = try field("fortran_order"), shape = try field("shape")
        guard case let .string(typeCode) = descr.value else {
            throw reader.error("expected 'descr' to be a dtype string such as '<f4', found \(descr.value)", at: descr.offset)
        }
        guard case let .bool(fortranOrder) = order.value else {
            throw reader.error("expected 'fortran_order' to be True or False, found \(order.value)", at: order.offset)
        }
        guard case let .tuple(dims) = shape.value else {
            throw reader.error("expected 'shape' to be a tuple of integers, found \(shape.value)", at: shape.offset)
        }
        guard let (type, bigEndian) = Self.elementType(typeCode) else {
            throw reader.error(
                "unsupported dtype '\(typeCode)' (expected one of <f4 <f8 <f2 <i4 <i8 |i1 |u1 |b1)",
                at: descr.offset)
        }
        self.type = type
        self.bigEndian = bigEndian
        self.fortranOrder = fortranOrder
        self.shape = dims
    }

    /// The element type and byte order of a numpy type string such as `<f4`.
    private static func elementType(_ code: String) -> (ElementType, bigEndian: Bool)? {
        guard let order = code.first, "<>|=".contains(order) else { return nil }
        let types: [String: ElementType] = [
            "f2": .float16, "f4": .float32, "f8": .float64, "i1": .int8, "u1": .uint8,
            "b1": .bool, "i4": .int32, "i8": .int64,
        ]
        guard let type = types[String(code.dropFirst())] else { return nil }
        if order == "|" && type.size != 1 { return nil }
        return (type, order == ">")
    }
}

/// A small, tolerant parser for the dict literal of a .npy header: string keys, and values
/// that are strings, `True`/`False` or tuples of integers; whitespace and trailing commas anywhere.
struct DictLiteralParser {
    enum Value: CustomStringConvertible {
        case string(String)
        case bool(Bool)
        case tuple([Int])

        var description: String {
            switch self {
            case let .string(text): "'\(text)'"
            case let .bool(flag): flag ? "True" : "False"
            case let .tuple(items): "(" + items.map(String.init).joined(separator: ", ") + ")"
            }
        }
    }

    let text: ArraySlice<UInt8>
    let reader: ByteReader
    private var index: Int

    init(text: ArraySlice<UInt8>, reader: ByteReader) {
        self.text = text
        self.reader = reader
        self.index = text.startIndex
    }

    /// The whole dict, each value with the file offset where it starts; then only whitespace.
    mutating func parseDict() throws -> [String: (value: Value, offset: Int)] {
        try expect("{")
        var fields: [String: (value: Value, offset: Int)] = [:]
        while try peek() != UInt8(ascii: "}") {
            guard case let .string(key) = try parseValue() else {
                throw reader.error("expected a quoted key", at: index)
            }
            try expect(":")
            skipWhitespace()
            let offset = index
            fields[key] = (try parseValue(), offset)
            if try peek() == UInt8(ascii: ",") { index += 1 } else { break }
        }
        try expect("}")
        skipWhitespace()
        guard index == text.endIndex else {
            throw reader.error("expected only spaces after the header's closing brace", at: index)
        }
        return fields
    }

    private mutating func parseValue() throws -> Value {
        let start = try peek()
        switch start {
        case UInt8(ascii: "'"), UInt8(ascii: "\""):
            return .string(try parseString(quote: start))
        case UInt8(ascii: "("):
            return .tuple(try parseTuple())
        default:
            let word = takeWhile { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "z") }
            switch word {
            case "True": return .bool(true)
            case "False": return .bool(false)
            default:
                throw reader.error(
                    "expected a string, True, False or a tuple, found '\(Character(UnicodeScalar(start)))'",
                    at: index - word.utf8.count)
            }
        }
    }

    private mutating func parseString(quote: UInt8) throws -> String {
        index += 1
        let start = index
        while index < text.endIndex && text[index] != quote { index += 1 }
        guard index < text.endIndex else { throw reader.error("unterminated string", at: start - 1) }
        defer { index += 1 }
        return String(decoding: text[start..<index], as: UTF8.self)
    }

    private mutating func parseTuple() throws -> [Int] {
        index += 1
        var items: [Int] = []
        while try peek() != UInt8(ascii: ")") {
            let start = index
            let sign = text[index] == UInt8(ascii: "-") ? -1 : 1
            if sign < 0 { index += 1 }
            let digits = takeWhile { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
            guard let magnitude = Int(digits) else {
                throw reader.error(digits.isEmpty ? "expected an integer in the shape tuple" : "dimension \(digits) is too large", at: start)
            }
            if index < text.endIndex && text[index] == UInt8(ascii: "L") { index += 1 }
            items.append(sign * magnitude)
            if try peek() == UInt8(ascii: ",") { index += 1 } else { break }
        }
        try expect(")")
        return items
    }

    /// The next non-space byte, without consuming it; throws at the end of the header.
    private mutating func peek() throws -> UInt8 {
        skipWhitespace()
        guard index < text.endIndex else { throw reader.error("the header ends inside its dict literal", at: index) }
        return text[index]
    }

    private mutating func expect(_ symbol: Unicode.Scalar) throws {
        let found = try peek()
        guard found == UInt8(ascii: symbol) else {
            throw reader.error("expected '\(symbol)', found '\(Character(UnicodeScalar(found)))'", at: index)
        }
        index += 1
    }

    private mutating func skipWhitespace() {
        while index < text.endIndex && [0x20, 0x09, 0x0A, 0x0D].contains(text[index]) { index += 1 }
    }

    private mutating func takeWhile(_ predicate: (UInt8) -> Bool) -> String {
        let start = index
        while index < text.endIndex && predicate(text[index]) { index += 1 }
        return String(decoding: text[start..<index], as: UTF8.self)
    }
}
