import GraphIR

/// What can go wrong while building, tracing or initialising blocks. Every case says which
/// layer or parameter, and what was expected against what was found.
public enum LayerError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A constructor argument is out of range (`Dense: units must be positive, got 0`).
    case invalidArgument(layer: String, message: String)
    /// A block was called with the wrong number of inputs.
    case inputCount(block: String, expected: Int, found: Int)
    /// Symbols of different graph builders were combined in one node.
    case mixedBuilders(operation: String)
    /// No parameter of the block has this name.
    case unknownParameter(name: String, known: [String])
    /// A parameter was given a value or shape that does not fit its declared shape.
    case parameterShape(name: String, expected: Shape, found: Shape)
    /// Shapes were given for names that are not inputs of the block.
    case unknownInputs([String], inputs: [String])
    /// A parameter's element count does not fit in an `Int`.
    case sizeOverflow(name: String, shape: Shape)

    public var description: String {
        switch self {
        case let .invalidArgument(layer, message):
            return "\(layer): \(message)"
        case let .inputCount(block, expected, found):
            return "block '\(block)' takes \(expected) input\(expected == 1 ? "" : "s"), got \(found)"
        case let .mixedBuilders(operation):
            return "\(operation): the operands belong to different graph builders"
        case let .unknownParameter(name, known):
            let some = known.prefix(8).joined(separator: ", ")
            return "no parameter named '\(name)' (parameters: \(some)\(known.count > 8 ? ", …" : ""))"
        case let .parameterShape(name, expected, found):
            return "parameter '\(name)' has shape \(expected), got \(found)"
        case let .unknownInputs(names, inputs):
            return "not inputs of the block: \(names.joined(separator: ", ")) (inputs: \(inputs.joined(separator: ", ")))"
        case let .sizeOverflow(name, shape):
            return "parameter '\(name)' of shape \(shape) has too many elements"
        }
    }
}

/// Checks that a layer's size argument is positive and small enough that products of a few
/// of them cannot overflow; throws `LayerError.invalidArgument` otherwise.
func requirePositive(_ value: Int, _ what: String, in layer: String) throws {
    guard value > 0, value <= Int(Int32.max) else {
        throw LayerError.invalidArgument(layer: layer, message: "\(what) must be in 1...\(Int32.max), got \(value)")
    }
}

/// Like `requirePositive`, but 0 is allowed: it marks a size inferred from the data.
func requireNonNegative(_ value: Int, _ what: String, in layer: String) throws {
    guard value >= 0, value <= Int(Int32.max) else {
        throw LayerError.invalidArgument(layer: layer, message: "\(what) must be in 0...\(Int32.max), got \(value)")
    }
}

/// The element count of `shape`, or `LayerError.sizeOverflow` when it does not fit in an `Int`.
func elementCount(of shape: Shape, name: String) throws -> Int {
    guard let count = Shape(shape.dims.map { max($0, 0) }).checkedCount else {
        throw LayerError.sizeOverflow(name: name, shape: shape)
    }
    return count
}
