import GraphIR

/// A layer or a network of layers that traces itself into a graph, as Gluon 1.x's
/// `HybridBlock` called on symbols: each call adds the block's op nodes and parameter
/// variables to the `GraphBuilder` of its inputs.
///
/// A block keeps its name, parameters and children in a `BlockCore`. Its call wraps its
/// computation in `traceCall(_:)`, which names the op nodes after the block.
public protocol Block: AnyObject {
    /// The block's prefix, parameters and children.
    var core: BlockCore { get }
    /// The names of the block's inputs when it is traced as a whole network.
    var inputNames: [String] { get }
    /// Traces the block on `inputs`, one per input name, and returns its outputs.
    ///
    /// - Throws: `LayerError.inputCount` for the wrong number of inputs,
    ///   `LayerError.mixedBuilders` for inputs of different builders.
    func callAsFunction(_ inputs: [Symbol]) throws -> [Symbol]
}

/// A block with one input and one output: the layers, `HybridSequential`.
public protocol UnaryBlock: Block {
    /// Traces the block on `x`.
    func callAsFunction(_ x: Symbol) -> Symbol
}

extension Block {
    /// One input, `data`.
    public var inputNames: [String] { ["data"] }

    /// Runs `body`, the block's computation, as one call of the block: op nodes made with
    /// `GraphBuilder.node(_:hint:_:hints:)` or `node(_:named:_:hints:)` inside it are named
    /// after the block, and the call's outputs (`outputs(result)`) are recorded for
    /// `summary(inputShapes:)` and `BlockTrace.outputs(of:)`.
    public func traceCall<Result>(recording outputs: (Result) -> [Symbol],
                                  _ body: () throws -> Result) rethrows -> Result {
        let result = try inBlockScope(body)
        CallRecorder.current?.record(self, outputs(result))
        return result
    }

    /// `traceCall(recording:_:)` for a computation whose outputs are the block's outputs.
    public func traceCall(_ body: () throws -> [Symbol]) rethrows -> [Symbol] {
        try traceCall(recording: { $0 }, body)
    }

    /// `traceCall(recording:_:)` for a computation with one output.
    public func traceCall(_ body: () throws -> Symbol) rethrows -> Symbol {
        try traceCall(recording: { [$0] }, body)
    }

    private func inBlockScope<Result>(_ body: () throws -> Result) rethrows -> Result {
        guard core.hasOwnScope else { return try body() }
        return try TraceScope.$current.withValue(TraceScope(prefix: core.prefix), operation: body)
    }
}

extension UnaryBlock {
    /// Traces the block on the one input.
    public func callAsFunction(_ inputs: [Symbol]) throws -> [Symbol] {
        guard inputs.count == 1 else {
            throw LayerError.inputCount(block: core.name, expected: 1, found: inputs.count)
        }
        return [self(inputs[0])]
    }
}

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
