/// An error raised by a kernel: a value the data carries, or a parameter set that the
/// kernel cannot run with.
public enum KernelError: Error, Equatable, Sendable, CustomStringConvertible {
    /// An embedding index lies outside `0..<inputDim`; `position` is its flat offset.
    case indexOutOfRange(value: Float, position: Int, inputDim: Int)
    /// An embedding index is not a whole number; `position` is its flat offset.
    case indexNotWhole(value: Float, position: Int)
    /// An op's parameters or shapes are inconsistent; `message` says which and why.
    case invalidParameters(op: String, message: String)

    /// A one-line explanation naming the offending value or parameter.
    public var description: String {
        switch self {
        case let .indexOutOfRange(value, position, inputDim):
            return "index \(value) at position \(position) is outside 0..<\(inputDim)"
        case let .indexNotWhole(value, position):
            return "index \(value) at position \(position) is not a whole number"
        case let .invalidParameters(op, message):
            return "\(op): \(message)"
        }
    }
}
