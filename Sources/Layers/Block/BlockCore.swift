import GraphIR

/// What every block holds: its prefix, its parameters and its children, in registration
/// order (Gluon's `prefix`, `params` and `_children`).
public final class BlockCore {
    /// The prefix of the block's parameters and op nodes (`dssmrecommendernetwork0_dense0_`).
    public let prefix: String
    /// The block's own parameters, in registration order.
    public private(set) var parameters: [Parameter] = []
    /// The block's children, in registration order.
    public private(set) var children: [any Block] = []
    /// False for a block created with the prefix `""`: it shares its parent's prefix, and
    /// neither its children nor its op nodes get a scope of their own (Gluon's empty prefix).
    let hasOwnScope: Bool
    private let scope: NameScope

    /// Names a new block: `prefix` under the current scope's prefix, or when nil the next
    /// `hint` of the current scope (`dense3_`).
    public init(prefix: String?, hint: String) {
        let parent = NameScope.current ?? NameScope.root
        let full = parent.prefix + (prefix ?? parent.nextName(for: hint) + "_")
        self.prefix = full
        self.hasOwnScope = prefix != ""
        self.scope = NameScope(prefix: full)
    }

    /// The prefix without its trailing underscore (Gluon's `name`).
    public var name: String { prefix.hasSuffix("_") ? String(prefix.dropLast()) : prefix }

    /// Runs `body`, which creates the block's children, inside the block's name scope.
    public func withNameScope<Result>(_ body: () throws -> Result) rethrows -> Result {
        guard hasOwnScope else { return try body() }
        return try scope.enter(body)
    }

    /// Creates and registers the parameter `prefix + name`.
    ///
    /// - Parameters:
    ///   - shape: the shape, 0 for dimensions inferred from the data.
    ///   - isTrainable: false for running statistics and fixed values.
    ///   - initializer: the parameter's own initializer (`Zeros()` for biases); nil uses the
    ///     one given to `initialize`.
    @discardableResult
    public func addParameter(_ name: String, shape: [Int], isTrainable: Bool = true,
                             initializer: (any Initializer)? = nil) -> Parameter {
        let parameter = Parameter(name: prefix + name, shape: Shape(shape), isTrainable: isTrainable,
                                  initializer: initializer, initializerName: mxnetInitializerName(initializer))
        parameters.append(parameter)
        return parameter
    }

    /// Creates and registers a non-trainable parameter holding `value` (Gluon's `get_constant`).
    @discardableResult
    public func addConstant(_ name: String, value: Tensor) throws -> Parameter {
        let parameter = Parameter(name: prefix + name, shape: value.shape, isTrainable: false,
                                  initializer: TensorInitializer(tensor: value), initializerName: nil)
        try parameter.setValue(value)
        parameters.append(parameter)
        return parameter
    }

    /// Registers a child block.
    public func register(_ child: any Block) {
        children.append(child)
    }
}
