import Foundation
import GraphIR
import Passes
import Runtime
import Testing
import TestSupport

/// The default pipeline (what `dssm-graph run` applies to an imported model) on mutated
/// symbols that load and infer: it returns a valid graph or throws, and what it returns
/// compiles or throws; small plans run on zeros or throw. The one-op cases, the tiny interop
/// network and the small DSSM (ResNet blocks, LSTM plumbing, both towers) are the seeds.
/// Disabled while FoldConstants evaluates `_zeros` states of any size into tensors; with such
/// states left to the compiler (which enforces `CompileOptions.memoryLimit`), 30,000 cases
/// over two seeds found nothing else.
struct FuzzOptimizeTests {
    private static let memoryLimit = 64 << 20
    private static let runLimit = 16 << 20

    @Test
    func mutatedGraphsOptimizeOrThrow() throws {
        let seeds = try FuzzCorpus.symbolSeeds(networks: true).filter { !$0.name.contains("dssm_full") }
        let run = FuzzRun(name: "optimize", defaultCount: 1_500)
        var optimized = 0, compiled = 0
        var slowest: Duration = .zero
        let clock = ContinuousClock()
        for index in 0..<run.count {
            var (mutator, seed, bytes) = run.symbolCase(index, from: seeds)
            guard let prepared = PreparedGraph(bytes, seed: seed, mutator: &mutator, bindingChance: 0.6) else { continue }
            let elapsed = clock.measure {
                guard let graph = try? optimize(prepared.graph, inputShapes: prepared.inputShapes).graph else { return }
                optimized += 1
                #expect(throws: Never.self, "\(seed.name): \(String(decoding: bytes, as: UTF8.self).prefix(4000))") {
                    try graph.verify()
                }
                let variables = Set(graph.variableIndices.map { graph.nodes[$0].name })
                if Self.compilesAndRuns(graph, prepared.inputShapes.filter { variables.contains($0.key) }) { compiled += 1 }
            }
            slowest = max(slowest, elapsed)
        }
        #expect(optimized >= run.count / 10, "optimized \(optimized), compiled \(compiled)")
        #expect(compiled >= run.count / 20, "optimized \(optimized), compiled \(compiled)")
        #expect(slowest < .seconds(2))
    }

    /// Whether the optimized graph compiled; a small plan also runs (or throws).
    private static func compilesAndRuns(_ graph: Graph, _ inputShapes: [String: Shape]) -> Bool {
        let executable: Executable
        do {
            executable = try compile(graph, inputShapes: inputShapes, options: CompileOptions(threads: 2, memoryLimit: memoryLimit))
        } catch {
            _ = String(describing: error)
            return false
        }
        #expect(executable.arenaBytes + executable.constantBytes <= memoryLimit)
        let inputBytes = executable.inputs.reduce(0) { $0 + $1.shape.count * MemoryLayout<Float>.size }
        if executable.arenaBytes + inputBytes <= runLimit {
            let feeds = Dictionary(uniqueKeysWithValues: executable.inputs.map { ($0.name, Tensor(shape: $0.shape)) })
            do { _ = try executable.runOrdered(feeds) } catch { _ = String(describing: error) }
        }
        return true
    }
}
