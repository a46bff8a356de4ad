/// A dense float32 tensor in row-major (C) order: the value type that crosses module
/// boundaries (parameters, inputs, outputs, folded constants).
public struct Tensor: Hashable, Sendable, CustomStringConvertible {
    /// The tensor's shape; always complete.
    public private(set) var shape: Shape
    /// The elements in row-major order; `scalars.count == shape.count`.
    public var scalars: [Float]

    /// Creates a tensor; throws when the element count does not match the shape.
    public init(shape: Shape, scalars: [Float]) throws {
        guard shape.dims.allSatisfy({ $0 >= 0 }), shape.checkedCount == scalars.count else {
            throw GraphError.tensorSize(shape: shape, count: scalars.count)
        }
        self.shape = shape
        self.scalars = scalars
    }

    /// A tensor filled with one value.
    public init(shape: Shape, repeating value: Float = 0) {
        self.shape = shape
        self.scalars = Array(repeating: value, count: shape.count)
    }

    /// The same elements under another shape with the same element count.
    public func reshaped(_ newShape: Shape) throws -> Tensor {
        try Tensor(shape: newShape, scalars: scalars)
    }

    /// A short summary: shape and the first few values.
    public var description: String {
        let head = scalars.prefix(6).map { String($0) }.joined(separator: ", ")
        return "Tensor\(shape) [\(head)\(scalars.count > 6 ? ", …" : "")]"
    }
}
