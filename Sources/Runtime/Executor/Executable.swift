import Dispatch
import Foundation
import GraphIR

/// A graph compiled for one set of input shapes. `run` may be called from several threads at
/// once: each run takes its own arena from a pool, and parameters are shared read-only.
public final class Executable: @unchecked Sendable {
    private let steps: [Step]
    private let levels: [[Int]]
    private let buffers: [(offset: Int, count: Int)]
    private let arenaCount: Int
    private let constants: ConstantPool
    private let inputSlots: [(name: String, shape: Shape, buffer: Int)]
    private let outputSlots: [(name: String, shape: Shape, location: Location)]
    private let threads: Int
    /// Inputs of the whole graph that this executable does not need: accepted and ignored.
    private let unusedInputs: Set<String>
    private var arenas: [UnsafeMutablePointer<Float>] = []
    private let lock = NSLock()

    init(steps: [Step], buffers: [(Int, Int)], arenaCount: Int, constants: ConstantPool,
         inputs: [(name: String, shape: Shape, buffer: Int)], outputs: [(String, Shape, Location)], threads: Int,
         unusedInputs: Set<String>) {
        self.unusedInputs = unusedInputs
        self.steps = steps
        self.buffers = buffers.map { (offset: $0.0, count: $0.1) }
        self.arenaCount = arenaCount
        self.constants = constants
        self.inputSlots = inputs
        self.outputSlots = outputs.map { (name: $0.0, shape: $0.1, location: $0.2) }
        self.threads = threads
        let maxLevel = steps.map(\.level).max() ?? 0
        var levels = Array(repeating: [Int](), count: maxLevel + 1)
        for (i, step) in steps.enumerated() { levels[step.level].append(i) }
        self.levels = levels.filter { !$0.isEmpty }
    }

    deinit { for arena in arenas { arena.deallocate() } }

    /// The inputs a run needs, with the shapes compiled for.
    public var inputs: [(name: String, shape: Shape)] { inputSlots.map { ($0.name, $0.shape) } }

    /// The outputs a run returns, by MXNet output name, with their shapes.
    public var outputs: [(name: String, shape: Shape)] { outputSlots.map { ($0.name, $0.shape) } }

    /// The size of one run's arena (activations and scratch, reused by liveness), in bytes.
    public var arenaBytes: Int { arenaCount * MemoryLayout<Float>.size }

    /// The bytes of parameters and folded constants held once for all runs.
    public var constantBytes: Int { constants.byteCount }

    /// The sum of the sizes of every intermediate buffer, as if none were reused, in bytes.
    public var unplannedBytes: Int { buffers.reduce(0) { $0 + $1.count } * MemoryLayout<Float>.size }

    /// The number of kernels a run executes, and how many levels of independent kernels they form.
    public var stepCount: Int { steps.count }
    public var levelCount: Int { levels.count }

    /// Runs the graph on named inputs; returns every output by name (an output listed twice
    /// appears once; `runOrdered` keeps every position).
    public func run(_ feeds: [String: Tensor]) throws -> [String: Tensor] {
        let results = try runOrdered(feeds)
        return Dictionary(zip(outputSlots.map(\.name), results)) { first, _ in first }
    }

    /// Runs the graph on named inputs; returns the outputs in the order of `outputs`.
    public func runOrdered(_ feeds: [String: Tensor]) throws -> [Tensor] {
        let known = inputSlots.map(\.name)
        for name in feeds.keys.sorted() where !known.contains(name) && !unusedInputs.contains(name) {
            throw RuntimeError.unknownInput(name: name, known: known)
        }
        for slot in inputSlots {
            guard let tensor = feeds[slot.name] else { throw RuntimeError.missingInput(name: slot.name, expected: slot.shape) }
            guard tensor.shape == slot.shape else {
                throw RuntimeError.inputShape(name: slot.name, expected: slot.shape, found: tensor.shape)
            }
        }
        let arena = takeArena()
        defer { returnArena(arena) }
        for slot in inputSlots {
            let destination = arena + buffers[slot.buffer].offset
            feeds[slot.name]?.scalars.withUnsafeBufferPointer { source in
                if let base = source.baseAddress { destination.update(from: base, count: source.count) }
            }
        }
        for level in levels { try execute(level, arena) }
        return try outputSlots.map { slot in
            let source = pointer(slot.location, arena)
            return try Tensor(shape: slot.shape, scalars: Array(UnsafeBufferPointer(start: source, count: slot.shape.count)))
        }
    }

    private func pointer(_ location: Location, _ arena: UnsafeMutablePointer<Float>) -> UnsafeMutablePointer<Float> {
        switch location {
        case let .constant(c): return constants.buffers[c].baseAddress ?? arena
        case let .buffer(b): return arena + buffers[b].offset
        }
    }

    /// Runs one level: alone with every thread when one step dominates, else concurrently.
    private func execute(_ level: [Int], _ arena: UnsafeMutablePointer<Float>) throws {
        let costs = level.map { steps[$0].kernel.cost }
        let total = costs.reduce(0, +)
        if level.count == 1 || threads == 1 || (costs.max() ?? 0) >= 0.6 * total {
            for s in level { try perform(steps[s], arena, threads: threads) }
            return
        }
        let share = max(1, threads / level.count)
        let failures = FailureBox(count: level.count)
        parallelFor(level.count, threads: min(threads, level.count)) { range in
            for k in range {
                do { try perform(steps[level[k]], arena, threads: share) } catch { failures.record(error, at: k) }
            }
        }
        if let error = failures.first { throw error }
    }

    private func perform(_ step: Step, _ arena: UnsafeMutablePointer<Float>, threads: Int) throws {
        let ins = step.inputs.map { UnsafePointer(pointer($0, arena)) }
        let outs = step.outputs.map { pointer($0, arena) }
        do {
            try step.kernel.body(ins, outs, step.scratchOffset.map { arena + $0 }, threads)
        } catch let error as KernelError {
            switch error {
            case .indexOutOfRange, .indexNotWhole:
                throw RuntimeError.kernel(node: step.name, op: step.op, message: "\(step.inputSources.first ?? "input"): \(error)")
            case .invalidParameters:
                throw RuntimeError.kernel(node: step.name, op: step.op, message: "\(error)")
            }
        }
    }

    private func takeArena() -> UnsafeMutablePointer<Float> {
        lock.lock()
        defer { lock.unlock() }
        if let arena = arenas.popLast() { return arena }
        let arena = UnsafeMutablePointer<Float>.allocate(capacity: max(arenaCount, 1))
        arena.initialize(repeating: 0, count: max(arenaCount, 1))
        return arena
    }

    private func returnArena(_ arena: UnsafeMutablePointer<Float>) {
        lock.lock()
        arenas.append(arena)
        lock.unlock()
    }
}

/// Errors of concurrently run steps, kept by step position so the reported one is deterministic.
private final class FailureBox: @unchecked Sendable {
    private var errors: [Error?]
    private let lock = NSLock()
    init(count: Int) { errors = Array(repeating: nil, count: count) }
    func record(_ error: Error, at index: Int) { lock.lock(); errors[index] = error; lock.unlock() }
    var first: Error? { errors.compactMap { $0 }.first }
}
