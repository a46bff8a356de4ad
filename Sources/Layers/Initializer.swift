import GraphIR

/// A rule that fills a parameter of a given shape, as Gluon's `mx.init` initializers do.
///
/// Random initializers draw from a numpy-compatible `RandomState`, in row-major order,
/// computing in double and rounding each value to float.
public protocol Initializer: Sendable {
    /// The parameter's values in row-major order for a parameter of `shape`.
    ///
    /// - Throws: `InitializerError` when the shape is incomplete or does not suit the rule.
    func values(for shape: Shape, using random: inout RandomState) throws -> [Float]
}

/// Why an initializer could not fill a parameter.
public enum InitializerError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The shape has unknown or negative dimensions.
    case incompleteShape(Shape)
    /// The rule needs a tensor of at least `minimum` dimensions.
    case rankTooSmall(initializer: String, shape: Shape, minimum: Int)

    public var description: String {
        switch self {
        case let .incompleteShape(shape):
            return "cannot initialize a parameter of incomplete shape \(shape)"
        case let .rankTooSmall(initializer, shape, minimum):
            return "\(initializer) needs at least \(minimum) dimensions, got shape \(shape)"
        }
    }
}

/// The number of elements of `shape`, or an error when some dimension is unknown.
private func elementCount(_ shape: Shape) throws -> Int {
    guard shape.isComplete else { throw InitializerError.incompleteShape(shape) }
    try shape.requireAllocatable("an initialized parameter")
    return shape.count
}

/// Fills every element with zero.
public struct Zeros: Initializer {
    /// Creates the initializer.
    public init() {}

    public func values(for shape: Shape, using random: inout RandomState) throws -> [Float] {
        [Float](repeating: 0, count: try elementCount(shape))
    }
}

/// Fills every element with one.
public struct Ones: Initializer {
    /// Creates the initializer.
    public init() {}

    public func values(for shape: Shape, using random: inout RandomState) throws -> [Float] {
        [Float](repeating: 1, count: try elementCount(shape))
    }
}

/// Fills every element with one value.
public struct Constant: Initializer {
    /// The value given to every element.
    public var value: Float

    /// Creates an initializer that fills with `value`.
    public init(_ value: Float) { self.value = value }

    public func values(for shape: Shape, using random: inout RandomState) throws -> [Float] {
        [Float](repeating: value, count: try elementCount(shape))
    }
}

/// Draws uniformly from [-scale, scale), as `mx.init.Uniform(scale)`.
public struct Uniform: Initializer {
    /// The half-width of the interval.
    public var scale: Double

    /// Creates the initializer; MXNet's default scale is 0.07.
    public init(scale: Double = 0.07) { self.scale = scale }

    public func values(for shape: Shape, using random: inout RandomState) throws -> [Float] {
        random.uniform(low: -scale, high: scale, count: try elementCount(shape)).map { Float($0) }
    }
}

/// Draws from a normal distribution with mean zero, as `mx.init.Normal(sigma)`.
public struct Normal: Initializer {
    /// The standard deviation.
    public var sigma: Double

    /// Creates the initializer; MXNet's default sigma is 0.01.
    public init(sigma: Double = 0.01) { self.sigma = sigma }

    public func values(for shape: Shape, using random: inout RandomState) throws -> [Float] {
        random.normal(count: try elementCount(shape)).map { Float(sigma * $0) }
    }
}

/// Gluon's default weight initializer with its default settings: uniform over
/// [-scale, scale) with `scale = sqrt(magnitude / ((fanIn + fanOut) / 2))`.
///
/// `fanIn = shape[1] × r` and `fanOut = shape[0] × r`, where the receptive field `r` is the
/// product of the dimensions after the first two (1 for a matrix).
public struct Xavier: Initializer {
    /// The magnitude; Gluon's default is 3.
    public var magnitude: Double

    /// Creates the initializer (uniform, factor "avg").
    public init(magnitude: Double = 3) { self.magnitude = magnitude }

    /// The half-width of the interval for a parameter of `shape`.
    ///
    /// - Throws: `InitializerError` when the shape is incomplete or has fewer than 2 dimensions.
    public func scale(for shape: Shape) throws -> Double {
        _ = try elementCount(shape)
        guard shape.rank >= 2 else {
            throw InitializerError.rankTooSmall(initializer: "Xavier", shape: shape, minimum: 2)
        }
        let receptiveField = Double(shape.dims.dropFirst(2).reduce(1, *))
        let fanIn = Double(shape[1]) * receptiveField
        let fanOut = Double(shape[0]) * receptiveField
        return (magnitude / ((fanIn + fanOut) / 2)).squareRoot()
    }

    public func values(for shape: Shape, using random: inout RandomState) throws -> [Float] {
        let scale = try scale(for: shape)
        return random.uniform(low: -scale, high: scale, count: shape.count).map { Float($0) }
    }
}
