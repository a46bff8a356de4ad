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
