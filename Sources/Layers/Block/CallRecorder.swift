import GraphIR
import Synchronization

/// One call of a block during a trace: which block, what it produced, which parameters it owns.
public struct BlockCall: Hashable, Sendable {
    /// The block's identity.
    public var block: ObjectIdentifier
    /// The block's type (`Dense`).
    public var typeName: String
    /// The block's name (`dssmrecommendernetwork0_dense2`).
    public var name: String
    /// Whether the block only chains other blocks (`HybridSequential`).
    public var isContainer: Bool
    /// The block's own parameters: name and whether trainable.
    public var parameters: [ParameterInfo]
    /// The outputs of the call; nil where an output is not in the graph.
    public var outputs: [Entry?]

    /// A parameter's name and trainability.
    public struct ParameterInfo: Hashable, Sendable {
        public var name: String
        public var isTrainable: Bool
        /// The shape known when the block was called.
        public var shape: Shape
    }
}

/// Collects the calls of blocks while a network is traced (Gluon's summary hooks).
final class CallRecorder: Sendable {
    private let calls = Mutex<[BlockCall]>([])

    /// The recorder of the trace in progress, if any.
    @TaskLocal static var current: CallRecorder?

    /// The calls so far, in the order they finished (children before parents).
    var recorded: [BlockCall] { calls.withLock { $0 } }

    func record(_ block: any Block, _ outputs: [Symbol]) {
        let call = BlockCall(
            block: ObjectIdentifier(block), typeName: String(describing: type(of: block)), name: block.core.name,
            isContainer: block is HybridSequential,
            parameters: block.core.parameters.map { .init(name: $0.name, isTrainable: $0.isTrainable, shape: $0.shape) },
            outputs: outputs.map(\.entry))
        calls.withLock { $0.append(call) }
    }
}
