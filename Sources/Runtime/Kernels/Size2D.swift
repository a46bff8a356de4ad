/// A height and width: a 2-D kernel, stride, padding or dilation.
public struct Size2D: Hashable, Sendable, CustomStringConvertible {
    /// The vertical extent.
    public var height: Int
    /// The horizontal extent.
    public var width: Int

    /// Creates a size from its two extents.
    public init(_ height: Int, _ width: Int) {
        self.height = height
        self.width = width
    }

    /// The same extent in both directions.
    public static func square(_ side: Int) -> Size2D { Size2D(side, side) }

    /// `(3, 3)`: MXNet's notation.
    public var description: String { "(\(height), \(width))" }
}
