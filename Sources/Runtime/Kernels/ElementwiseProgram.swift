/// Several elementwise operations run in one pass over memory (a fused chain such as the
/// cosine tail): each chunk of elements goes through every step while it is in cache, and
/// only the last step writes to the output.
///
/// Every element is computed by the same operations in the same order as the unfused ops,
/// so the result is bit-identical to running them one by one, whatever the thread count.
public struct ElementwiseProgramKernel: Sendable {
    /// One elementwise operation.
    public enum Operation: Sendable {
        case binary(BinaryOperator)
        case scalar(ScalarOperator, Float)
        case unary(UnaryOperator)
        case activation(ActivationFunction)

        var arity: Int {
            if case .binary = self { return 2 }
            return 1
        }
    }

    /// What a step reads: one of the kernel's inputs or an earlier step's result.
    public enum Operand: Hashable, Sendable {
        case input(Int)
        case step(Int)
    }

    /// An operation and its operands.
    public struct Step: Sendable {
        public let operation: Operation
        public let operands: [Operand]
        public init(operation: Operation, operands: [Operand]) { self.operation = operation; self.operands = operands }
    }

    /// Elements per chunk: small enough that a chunk's intermediate results stay in cache.
    static let chunk = 2048

    private let steps: [Step]
    /// Elements of every input and of the output.
    public let count: Int

    /// Checks that each step reads one of the `inputCount` inputs or an earlier step, with as
    /// many operands as its operation takes.
    public init(steps: [Step], inputCount: Int, count: Int) throws {
        try require(!steps.isEmpty && count >= 0, "_fused_elemwise", "a program needs a step and a non-negative size")
        for (index, step) in steps.enumerated() {
            try require(step.operands.count == step.operation.arity, "_fused_elemwise",
                        "step \(index) has \(step.operands.count) operands, its operation takes \(step.operation.arity)")
            for operand in step.operands {
                switch operand {
                case let .input(k):
                    try require(k >= 0 && k < inputCount, "_fused_elemwise", "step \(index) reads input \(k) of \(inputCount)")
                case let .step(k):
                    try require(k >= 0 && k < index, "_fused_elemwise", "step \(index) reads step \(k), which does not come before it")
                }
            }
        }
        self.steps = steps
        self.count = count
    }

    /// The number of operations per element.
    public var stepCount: Int { steps.count }

    /// Runs the program over `count` elements of `inputs` into `output`.
    public func apply(inputs: [UnsafePointer<Float>], output: UnsafeMutablePointer<Float>, threads: Int = 1) {
        let chunk = Self.chunk
        parallelFor(count, chunk: chunk, threads: threads) { range in
            withUnsafeTemporaryAllocation(of: Float.self, capacity: max(steps.count - 1, 1) * chunk) { temporaries in
                guard let base = temporaries.baseAddress else { return }
                func read(_ operand: Operand) -> UnsafePointer<Float> {
                    switch operand {
                    case let .input(k): return inputs[k] + range.lowerBound
                    case let .step(k): return UnsafePointer(base + k * chunk)
                    }
                }
                for (index, step) in steps.enumerated() {
                    let target = index == steps.count - 1 ? output + range.lowerBound : base + index * chunk
                    run(step, read, target, range.count)
                }
            }
        }
    }

    private func run(_ step: Step, _ read: (Operand) -> UnsafePointer<Float>, _ target: UnsafeMutablePointer<Float>, _ count: Int) {
        let first = read(step.operands[0])
        switch step.operation {
        case let .binary(op): op.run(first, 1, read(step.operands[1]), 1, target, count)
        case let .scalar(op, value): op.apply(first, scalar: value, to: target, count: count)
        case let .unary(op): op.apply(first, to: target, count: count)
        case let .activation(function): function.apply(first, to: target, count: count)
        }
    }
}
