import GraphIR

/// A tensor a block owns (a weight, a bias, a running statistic, a constant), as Gluon's
/// `Parameter`: a name, a shape whose zeros are filled by shape inference, whether training
/// would update it, an optional initializer of its own, and a value once initialised.
///
/// In a traced graph a parameter is the variable of the same name; its `__shape__` hint is
/// the shape declared at construction, zeros included, as MXNet writes it.
public final class Parameter {
    /// The full name (`dssmrecommendernetwork0_dense0_weight`).
    public let name: String
    /// The shape given at construction; 0 marks a dimension inferred from the data.
    public let declaredShape: Shape
    /// The shape as known now: the declared one, completed by shape inference or a value.
    public private(set) var shape: Shape
    /// Whether training updates it (Gluon's `grad_req != 'null'`); running statistics and
    /// constants are not trainable.
    public let isTrainable: Bool
    /// The parameter's own initializer; nil uses the one given to `initialize`.
    public let initializer: (any Initializer)?
    /// The value, once initialised or set.
    public private(set) var value: Tensor?

    private let initializerName: String?
    private var deferred: (initializer: any Initializer, seed: UInt32)?

    init(name: String, shape: Shape, isTrainable: Bool, initializer: (any Initializer)?, initializerName: String?) {
        self.name = name
        self.declaredShape = shape
        self.shape = shape
        self.isTrainable = isTrainable
        self.initializer = initializer
        self.initializerName = initializerName
    }

    /// Whether some dimension is still unknown.
    public var isDeferred: Bool { !shape.isComplete }

    /// MXNet's attributes of the parameter's variable (`__shape__`, `__init__`, `__dtype__` …).
    public var hints: [String: String] {
        var hints = ["__shape__": declaredShape.description, "__dtype__": "0", "__storage_type__": "0",
                     "__lr_mult__": "1.0", "__wd_mult__": "1.0"]
        hints["__init__"] = initializerName
        return hints
    }

    /// Sets the value; its shape must agree with every dimension known so far.
    ///
    /// - Throws: `LayerError.parameterShape` when it does not.
    public func setValue(_ tensor: Tensor) throws {
        try adoptShape(tensor.shape)
        value = tensor
        deferred = nil
    }

    /// Fills unknown dimensions from `inferred`.
    ///
    /// - Throws: `LayerError.parameterShape` when `inferred` disagrees with a known dimension.
    func adoptShape(_ inferred: Shape) throws {
        guard let merged = shape.merged(with: inferred) else {
            throw LayerError.parameterShape(name: name, expected: shape, found: inferred)
        }
        shape = merged
    }

    /// Draws the value with the parameter's own initializer, else `fallback`, from a stream
    /// seeded by `seed` and the name. A parameter whose shape is not yet known is initialised
    /// when shape inference completes it (`finishDeferredInitialization()`).
    func initialize(fallback: any Initializer, seed: UInt32, force: Bool) throws {
        guard value == nil || force else { return }
        deferred = (initializer ?? fallback, seed)
        value = nil
        try finishDeferredInitialization()
    }

    /// Runs a pending initialisation once the shape is complete.
    func finishDeferredInitialization() throws {
        guard let pending = deferred, shape.isComplete else { return }
        _ = try elementCount(of: shape, name: name)
        var random = RandomState(seed: parameterSeed(pending.seed, name: name))
        value = try Tensor(shape: shape, scalars: try pending.initializer.values(for: shape, using: &random))
        deferred = nil
    }

    /// The parameter's variable in `builder`, with its value bound when it has one.
    public func variable(in builder: GraphBuilder) -> Symbol {
        if let value { builder.values[name] = value }
        return builder.variable(name, hints: hints)
    }

}

/// The seed of one parameter's random stream: `seed` mixed with the FNV-1a hash of its name,
/// so values do not depend on the order in which parameters are initialised.
func parameterSeed(_ seed: UInt32, name: String) -> UInt32 {
    seed ^ name.utf8.reduce(2_166_136_261 as UInt32) { ($0 ^ UInt32($1)) &* 16_777_619 }
}

/// MXNet's `__init__` attribute for the initializers Gluon names by string.
func mxnetInitializerName(_ initializer: (any Initializer)?) -> String? {
    switch initializer {
    case is Zeros: return "zeros"
    case is Ones: return "ones"
    default: return nil
    }
}

/// An initializer that yields a fixed tensor: the value of a constant parameter.
struct TensorInitializer: Initializer {
    let tensor: Tensor

    func values(for shape: Shape, using random: inout RandomState) throws -> [Float] {
        guard shape == tensor.shape else {
            throw LayerError.parameterShape(name: "constant", expected: tensor.shape, found: shape)
        }
        return tensor.scalars
    }
}
