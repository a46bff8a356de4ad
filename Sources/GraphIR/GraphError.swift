/// Everything that can go wrong while reading, checking or shape-inferring a graph.
/// Each case names where (file, node, op, input) and what was expected against found.
public enum GraphError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A tensor's element count does not match its shape.
    case tensorSize(shape: Shape, count: Int)
    /// A file could not be read or parsed; `location` is a JSON path or byte offset.
    case malformedFile(file: String, location: String, message: String)
    /// A node names an op this library does not know.
    case unknownOp(node: String, op: String)
    /// An attribute is missing or its value does not parse.
    case badAttribute(node: String, op: String, key: String, value: String, expected: String)
    /// A node has the wrong number of inputs.
    case inputCount(node: String, op: String, expected: String, found: Int)
    /// The graph's structure is broken (dangling input, cycle, duplicate name …).
    case invalidGraph(String)
    /// A shape given by the caller names no input of the graph, or is malformed.
    case unknownInput(name: String, known: [String])
    /// Shape inference found shapes the op's rule cannot accept.
    case shapeMismatch(node: String, op: String, inputs: [String], message: String)
    /// Shape inference finished with some shapes still unknown.
    case shapeUnresolved(node: String, op: String, message: String)
    /// A tensor would be larger than memory allows (or its size overflows).
    case tooLarge(what: String, shape: Shape, limit: Int)

    public var description: String {
        switch self {
        case let .tensorSize(shape, count):
            return "tensor of shape \(shape) needs \(shape.checkedCount.map(String.init) ?? "more than \(Int.max)") values, found \(count)"
        case let .malformedFile(file, location, message):
            return "\(file): \(location.isEmpty ? "" : location + ": ")\(message)"
        case let .unknownOp(node, op):
            return "node '\(node)': unknown op '\(op)'"
        case let .badAttribute(node, op, key, value, expected):
            return "node '\(node)' (\(op)): attribute \(key)='\(value)' is not \(expected)"
        case let .inputCount(node, op, expected, found):
            return "node '\(node)' (\(op)): expected \(expected) inputs, found \(found)"
        case let .invalidGraph(message):
            return "invalid graph: \(message)"
        case let .unknownInput(name, known):
            return "the graph has no input '\(name)' (inputs: \(known.joined(separator: ", ")))"
        case let .shapeMismatch(node, op, inputs, message):
            return "node '\(node)' (\(op)): \(message); input shapes \(inputs.joined(separator: ", "))"
        case let .shapeUnresolved(node, op, message):
            return "node '\(node)' (\(op)): \(message)"
        case let .tooLarge(what, shape, limit):
            return "\(what) of shape \(shape) is too large to allocate (the limit is \(limit) elements, half this machine's memory)"
        }
    }
}
