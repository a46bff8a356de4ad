import GraphIR

/// What can go wrong compiling or running a graph; every case names the node or input.
public enum RuntimeError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The caller did not feed an input the graph needs.
    case missingInput(name: String, expected: Shape)
    /// The caller fed a name that is not an input of the compiled graph.
    case unknownInput(name: String, known: [String])
    /// An input's shape differs from the shape the executable was compiled for.
    case inputShape(name: String, expected: Shape, found: Shape)
    /// A parameter has no bound value.
    case missingParameter(name: String, shape: Shape?)
    /// A bound value's shape differs from the inferred one.
    case parameterShape(name: String, expected: Shape, found: Shape)
    /// An output name asked for is not an output of the graph.
    case unknownOutput(name: String, known: [String])
    /// A node's kernel refused its shapes or its data (e.g. an embedding index out of range).
    case kernel(node: String, op: String, message: String)
    /// The op, or this use of it, has no kernel.
    case unsupported(node: String, op: String, message: String)
    /// A tensor, or the executable as a whole, is larger than the compiler allows.
    case tooLarge(what: String, message: String)

    public var description: String {
        switch self {
        case let .missingInput(name, expected):
            return "input '\(name)' is missing (expected shape \(expected))"
        case let .unknownInput(name, known):
            return "'\(name)' is not an input of the graph (inputs: \(known.joined(separator: ", ")))"
        case let .inputShape(name, expected, found):
            return "input '\(name)': expected shape \(expected), found \(found)"
        case let .missingParameter(name, shape):
            return "parameter '\(name)'\(shape.map { " \($0)" } ?? "") has no value (load it or initialise the model)"
        case let .parameterShape(name, expected, found):
            return "parameter '\(name)': expected shape \(expected), found \(found)"
        case let .unknownOutput(name, known):
            return "'\(name)' is not an output of the graph (outputs: \(known.prefix(12).joined(separator: ", "))\(known.count > 12 ? ", …" : ""))"
        case let .kernel(node, op, message):
            return "node '\(node)' (\(op)): \(message)"
        case let .unsupported(node, op, message):
            return "node '\(node)' (\(op)): \(message)"
        case let .tooLarge(what, message):
            return "\(what): \(message)"
        }
    }
}
