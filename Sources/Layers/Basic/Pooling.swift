import GraphIR

/// Max pooling over NCHW data with square windows (Gluon's `nn.MaxPool2D`): `Pooling` node
/// `<prefix>fwd`; the stride defaults to the window size.
public final class MaxPool2D: UnaryBlock {
    public let core: BlockCore
    /// The op's attributes.
    public let attributes: Pooling

    /// Creates the layer; `prefix` nil names it `pool<n>_`. `ceilMode` selects the `full`
    /// convention (output sizes rounded up).
    ///
    /// - Throws: `LayerError.invalidArgument` for non-positive sizes or negative padding.
    public init(poolSize: Int = 2, strides: Int? = nil, padding: Int = 0, ceilMode: Bool = false,
                prefix: String? = nil) throws {
        self.attributes = try windowAttributes(.max, poolSize, strides, padding, ceilMode, layer: "MaxPool2D")
        self.core = BlockCore(prefix: prefix, hint: "pool")
    }

    public func callAsFunction(_ x: Symbol) -> Symbol {
        traceCall { x.builder.node(.pooling(attributes), named: "fwd", [x]) }
    }
}

/// Average pooling over NCHW data with square windows (Gluon's `nn.AvgPool2D`).
public final class AvgPool2D: UnaryBlock {
    public let core: BlockCore
    /// The op's attributes.
    public let attributes: Pooling

    /// Creates the layer; `prefix` nil names it `pool<n>_`. `countIncludePad` counts padded
    /// cells in the divisor.
    ///
    /// - Throws: `LayerError.invalidArgument` for non-positive sizes or negative padding.
    public init(poolSize: Int = 2, strides: Int? = nil, padding: Int = 0, ceilMode: Bool = false,
                countIncludePad: Bool = true, prefix: String? = nil) throws {
        var attributes = try windowAttributes(.avg, poolSize, strides, padding, ceilMode, layer: "AvgPool2D")
        attributes.countIncludePad = countIncludePad
        self.attributes = attributes
        self.core = BlockCore(prefix: prefix, hint: "pool")
    }

    public func callAsFunction(_ x: Symbol) -> Symbol {
        traceCall { x.builder.node(.pooling(attributes), named: "fwd", [x]) }
    }
}

/// Averages each channel over its whole plane, (N, C, H, W) → (N, C, 1, 1) (Gluon's
/// `nn.GlobalAvgPool2D`).
public final class GlobalAvgPool2D: UnaryBlock {
    public let core: BlockCore
    /// The op's attributes.
    public let attributes = Pooling(kernel: [1, 1], kind: .avg, globalPool: true, convention: .full)

    /// Creates the layer; `prefix` nil names it `pool<n>_`.
    public init(prefix: String? = nil) {
        self.core = BlockCore(prefix: prefix, hint: "pool")
    }

    public func callAsFunction(_ x: Symbol) -> Symbol {
        traceCall { x.builder.node(.pooling(attributes), named: "fwd", [x]) }
    }
}

/// The attributes of a windowed pooling layer, checked.
private func windowAttributes(_ kind: PoolKind, _ size: Int, _ strides: Int?, _ padding: Int, _ ceilMode: Bool,
                              layer: String) throws -> Pooling {
    try requirePositive(size, "poolSize", in: layer)
    try requirePositive(strides ?? size, "strides", in: layer)
    try requireNonNegative(padding, "padding", in: layer)
    let stride = strides ?? size
    return Pooling(kernel: [size, size], kind: kind, convention: ceilMode ? .full : .valid,
                   stride: [stride, stride], pad: [padding, padding])
}
