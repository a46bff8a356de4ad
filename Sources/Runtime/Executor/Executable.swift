import Dispatch
import Foundation
import GraphIR

/// A graph compiled for one set of input shapes. `run` may be called from several threads at
/// once: each run takes its own arena from a pool, and parameters are shared read-only.
public final class Executable: @unchecked Sendable {
    let steps: [Step]
    let levels: [LevelPlan]
    private let buffers: [(offset: Int, count: Int)]
    private let arenaCount: Int
    private let constants: ConstantPool
    private let inputSlots: [(name: String, shape: Shape, buffer: Int)]
    private let outputSlots: [(name: String, shape: Shape, location: Location)]
    let threads: Int
    /// Inputs of the whole graph that this executable does not need: accepted and ignored.
    private let unusedInputs: Set<String>
    private var arenas: [BoundArena] = []
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
        self.levels = LevelPlan.plan(steps, threads: threads)
    }

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
        try withFedArena(feeds) { arena in
            for level in levels { try execute(level, arena) }
        }
    }

    /// Checks `feeds`, copies them into a pooled arena, calls `body` with it and reads the outputs.
    func withFedArena(_ feeds: [String: Tensor], _ body: (BoundArena) throws -> Void) throws -> [Tensor] {
        try check(feeds)
        let arena = takeArena()
        defer { returnArena(arena) }
        for slot in inputSlots {
            let destination = arena.memory + buffers[slot.buffer].offset
            feeds[slot.name]?.scalars.withUnsafeBufferPointer { source in
                if let base = source.baseAddress { destination.update(from: base, count: source.count) }
            }
        }
        try body(arena)
        return try outputSlots.map { slot in
            let source = pointer(slot.location, arena.memory)
            return try Tensor(shape: slot.shape, scalars: Array(UnsafeBufferPointer(start: source, count: slot.shape.count)))
        }
    }

    private func check(_ feeds: [String: Tensor]) throws {
        if feeds.count != inputSlots.count || feeds.keys.contains(where: { name in !inputSlots.contains { $0.name == name } }) {
            let known = inputSlots.map(\.name)
            for name in feeds.keys.sorted() where !known.contains(name) && !unusedInputs.contains(name) {
                throw RuntimeError.unknownInput(name: name, known: known)
            }
        }
        for slot in inputSlots {
            guard let tensor = feeds[slot.name] else { throw RuntimeError.missingInput(name: slot.name, expected: slot.shape) }
            guard tensor.shape == slot.shape else {
                throw RuntimeError.inputShape(name: slot.name, expected: slot.shape, found: tensor.shape)
            }
        }
    }

    private func pointer(_ location: Location, _ arena: UnsafeMutablePointer<Float>) -> UnsafeMutablePointer<Float> {
        switch location {
        case let .constant(c): return constants.buffers[c].baseAddress ?? arena
        case let .buffer(b): return arena + buffers[b].offset
        }
    }

    /// Runs one level: its steps one after another with every thread, or concurrently.
    private func execute(_ level: LevelPlan, _ arena: BoundArena) throws {
        guard level.concurrent else {
            for s in level.steps { try perform(s, arena, threads: threads) }
            return
        }
        let failures = FailureBox(count: level.steps.count)
        parallelFor(level.steps.count, threads: min(threads, level.steps.count)) { range in
            for k in range {
                do { try perform(level.steps[k], arena, threads: level.share) } catch { failures.record(error, at: k) }
            }
        }
        if let error = failures.first { throw error }
    }

    /// Runs step `s` on `arena` with `threads` threads; kernel errors name the node.
    func perform(_ s: Int, _ arena: BoundArena, threads: Int) throws {
        do {
            try steps[s].kernel.body(arena.inputs[s], arena.outputs[s], arena.scratch[s], threads)
        } catch let error as KernelError {
            let step = steps[s]
            switch error {
            case .indexOutOfRange, .indexNotWhole:
                throw RuntimeError.kernel(node: step.name, op: step.op, message: "\(step.inputSources.first ?? "input"): \(error)")
            case .invalidParameters:
                throw RuntimeError.kernel(node: step.name, op: step.op, message: "\(error)")
            }
        }
    }

    private func takeArena() -> BoundArena {
        lock.lock()
        defer { lock.unlock() }
        if let arena = arenas.popLast() { return arena }
        let memory = UnsafeMutablePointer<Float>.allocate(capacity: max(arenaCount, 1))
        memory.initialize(repeating: 0, count: max(arenaCount, 1))
        return BoundArena(
            memory: memory,
            inputs: steps.map { $0.inputs.map { UnsafePointer(pointer($0, memory)) } },
            outputs: steps.map { $0.outputs.map { pointer($0, memory) } },
            scratch: steps.map { $0.scratchOffset.map { memory + $0 } })
    }

    private func returnArena(_ arena: BoundArena) {
        lock.lock()
        arenas.append(arena)
        lock.unlock()
    }
}

/// One run's memory with every step's input, output and scratch pointers resolved into it,
/// so that a run builds no pointer lists.
final class BoundArena {
    let memory: UnsafeMutablePointer<Float>
    let inputs: [[UnsafePointer<Float>]]
    let outputs: [[UnsafeMutablePointer<Float>]]
    let scratch: [UnsafeMutablePointer<Float>?]

    init(memory: UnsafeMutablePointer<Float>, inputs: [[UnsafePointer<Float>]],
         outputs: [[UnsafeMutablePointer<Float>]], scratch: [UnsafeMutablePointer<Float>?]) {
        self.memory = memory; self.inputs = inputs; self.outputs = outputs; self.scratch = scratch
    }

    deinit { memory.deallocate() }
}

/// The steps of one level and how they share the threads, decided once at compile time.
struct LevelPlan {
    let steps: [Int]
    /// Whether the steps run side by side (each with `share` threads) rather than one by one.
    let concurrent: Bool
    let share: Int

    /// Groups steps by level. A level runs concurrently when it has several steps and none
    /// of them does 60% or more of its work; otherwise each step gets every thread.
    static func plan(_ steps: [Step], threads: Int) -> [LevelPlan] {
        let maxLevel = steps.map(\.level).max() ?? 0
        var byLevel = Array(repeating: [Int](), count: maxLevel + 1)
        for (i, step) in steps.enumerated() { byLevel[step.level].append(i) }
        return byLevel.filter { !$0.isEmpty }.map { level in
            let costs = level.map { steps[$0].kernel.cost }
            let total = costs.reduce(0, +)
            let concurrent = level.count > 1 && threads > 1 && (costs.max() ?? 0) < 0.6 * total
            return LevelPlan(steps: level, concurrent: concurrent, share: max(1, threads / level.count))
        }
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
