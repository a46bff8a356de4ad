import Foundation

/// The shape of a tensor; a dimension of 0 is unknown, as in MXNet's symbol files.
public struct Shape: Hashable, Sendable, CustomStringConvertible, ExpressibleByArrayLiteral {
    /// The dimensions, outermost first; 0 marks a dimension not yet inferred.
    public var dims: [Int]

    /// Creates a shape from its dimensions.
    public init(_ dims: [Int]) { self.dims = dims }

    /// Creates a shape from an array literal.
    public init(arrayLiteral elements: Int...) { self.dims = elements }

    /// The number of dimensions.
    public var rank: Int { dims.count }

    /// Whether every dimension is known.
    public var isComplete: Bool { dims.allSatisfy { $0 > 0 } }

    /// The number of elements (meaningful only when the shape is complete). Traps when the
    /// product overflows: shapes from files go through `checkedCount` first.
    public var count: Int { dims.reduce(1, *) }

    /// The number of elements, or nil when the product (taken left to right, as `count`
    /// takes it) overflows `Int`.
    public var checkedCount: Int? {
        var product = 1
        for dim in dims {
            let (next, overflow) = product.multipliedReportingOverflow(by: dim)
            if overflow { return nil }
            product = next
        }
        return product
    }

    /// The most float32 elements one tensor may hold: half the machine's memory.
    public static let allocatableElements = Int(clamping: ProcessInfo.processInfo.physicalMemory / 8)

    /// Whether a float32 tensor of this shape can be allocated: complete, countable without
    /// overflow, and within `allocatableElements`.
    public var isAllocatable: Bool {
        guard isComplete, let count = checkedCount else { return false }
        return count <= Shape.allocatableElements
    }

    /// Throws `GraphError.tooLarge` unless a tensor of this shape can be allocated.
    public func requireAllocatable(_ what: @autoclosure () -> String) throws {
        guard isAllocatable else { throw GraphError.tooLarge(what: what(), shape: self, limit: Shape.allocatableElements) }
    }

    /// The dimension at `index`.
    public subscript(index: Int) -> Int {
        get { dims[index] }
        set { dims[index] = newValue }
    }

    /// `(2, 3, 4)`: MXNet's notation.
    public var description: String {
        dims.count == 1 ? "(\(dims[0]),)" : "(" + dims.map(String.init).joined(separator: ", ") + ")"
    }

    /// `2x3x4`: the notation of the command line and of plot edge labels.
    public var compact: String { dims.map(String.init).joined(separator: "x") }

    /// Merges two partial views of one shape: known dimensions fill unknown ones.
    /// Returns nil when they disagree on a known dimension or on the rank.
    public func merged(with other: Shape) -> Shape? {
        guard rank == other.rank else { return nil }
        var out = dims
        for i in 0..<rank {
            if out[i] == 0 { out[i] = other.dims[i] } else if other.dims[i] != 0 && other.dims[i] != out[i] { return nil }
        }
        return Shape(out)
    }
}
