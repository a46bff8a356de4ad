import Foundation
import GraphIR
import Runtime
import Testing
import TestSupport

/// Mutated one-op symbols and the tiny interop network that load and infer their shapes
/// compile or throw, within a memory limit; what compiles to a small plan runs on zeros or
/// throws. Variables are inputs or zero-valued parameters (see `PreparedGraph`).
struct FuzzExecutorTests {
    private static let memoryLimit = 64 << 20
    private static let runLimit = 16 << 20

    @Test func mutatedGraphsCompileAndRunOrThrow() throws {
        let seeds = try FuzzCorpus.symbolSeeds(networks: false)
        let run = FuzzRun(name: "executor", defaultCount: 3_000)
        var compiled = 0, ran = 0
        var slowest: Duration = .zero
        let clock = ContinuousClock()
        for index in 0..<run.count {
            var (mutator, seed, bytes) = run.symbolCase(index, from: seeds)
            guard let prepared = PreparedGraph(bytes, seed: seed, mutator: &mutator) else { continue }
            let elapsed = clock.measure {
                let (didCompile, didRun) = Self.compileAndRun(prepared.graph, prepared.inputShapes)
                compiled += didCompile ? 1 : 0
                ran += didRun ? 1 : 0
            }
            slowest = max(slowest, elapsed)
        }
        #expect(compiled >= run.count / 10, "compiled \(compiled), ran \(ran)")
        #expect(ran >= run.count / 20, "compiled \(compiled), ran \(ran)")
        #expect(slowest < .seconds(2))
    }

    /// Whether the graph compiled, and whether it ran to the end.
    private static func compileAndRun(_ graph: Graph, _ inputShapes: [String: Shape]) -> (Bool, Bool) {
        let executable: Executable
        do {
            executable = try compile(graph, inputShapes: inputShapes,
                                     options: CompileOptions(threads: 2, memoryLimit: memoryLimit))
        } catch {
            _ = String(describing: error)
            return (false, false)
        }
        #expect(executable.arenaBytes + executable.constantBytes <= memoryLimit)
        let inputBytes = executable.inputs.reduce(0) { $0 + $1.shape.count * MemoryLayout<Float>.size }
        guard executable.arenaBytes + inputBytes <= runLimit else { return (true, false) }
        let feeds = Dictionary(uniqueKeysWithValues: executable.inputs.map { ($0.name, Tensor(shape: $0.shape)) })
        do {
            let outputs = try executable.run(feeds)
            for (name, shape) in executable.outputs { #expect(outputs[name]?.shape == shape) }
            return (true, true)
        } catch {
            _ = String(describing: error)
            return (true, false)
        }
    }

    /// A `_zeros` state of 10^12 elements is refused at compile time, before any allocation.
    @Test func hugeZerosAreRefusedBeforeAllocation() throws {
        let graph = try Graph(symbolJSON: Data("""
            {"nodes": [{"op": "_zeros", "name": "z", "attrs": {"shape": "(1000000, 1000000)"}, "inputs": []},
                       {"op": "relu", "name": "r", "inputs": [[0, 0, 0]]}], "heads": [[1, 0, 0]]}
            """.utf8))
        #expect(try graph.inferShapes([:])[node: 0] == [1_000_000, 1_000_000])
        #expect(throws: RuntimeError.self) { try compile(graph, inputShapes: [:]) }
    }

    /// A graph may list one output twice (MXNet's `Group` of a symbol with itself): `run`
    /// once trapped building its by-name result.
    @Test func repeatedOutputRuns() throws {
        let graph = try Graph(symbolJSON: Data("""
            {"nodes": [{"op": "null", "name": "a", "inputs": []}, {"op": "relu", "name": "r", "inputs": [[0, 0, 0]]}],
             "heads": [[1, 0, 0], [1, 0, 0]]}
            """.utf8))
        let executable = try compile(graph, inputShapes: ["a": [2]])
        let input = try Tensor(shape: [2], scalars: [-1, 2])
        #expect(try executable.run(["a": input]) == ["r_output": try Tensor(shape: [2], scalars: [0, 2])])
        #expect(try executable.runOrdered(["a": input]).count == 2)
    }

    /// A plan over the memory limit is refused; the same plan compiles under a larger one.
    @Test func memoryLimitCoversConstantsAndArena() throws {
        let graph = try Graph(symbolJSON: Data("""
            {"nodes": [{"op": "null", "name": "x", "inputs": []},
                       {"op": "_zeros", "name": "z", "attrs": {"shape": "(1024, 1024)"}, "inputs": []},
                       {"op": "elemwise_add", "name": "sum", "inputs": [[0, 0, 0], [1, 0, 0]]}], "heads": [[2, 0, 0]]}
            """.utf8))
        let shapes: [String: Shape] = ["x": [1024, 1024]]
        #expect(throws: RuntimeError.self) { try compile(graph, inputShapes: shapes, options: CompileOptions(memoryLimit: 6 << 20)) }
        let executable = try compile(graph, inputShapes: shapes, options: CompileOptions(memoryLimit: 16 << 20))
        #expect(executable.constantBytes + executable.arenaBytes <= 16 << 20)
    }
}
