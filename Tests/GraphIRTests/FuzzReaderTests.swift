import Foundation
import GraphIR
import Testing
import TestSupport

/// Mutated reference files never crash a reader: each case loads or throws. A symbol that
/// loads exports and re-imports to the same graph, and infers its shapes or throws; a tensor
/// file that loads holds no more elements than its bytes can carry. 10,000 cases in all
/// (6,000 symbols, 2,000 .params, 2,000 .npy), from a fixed seed.
struct FuzzReaderTests {
    /// How many cases ended where; the expectations check that the fuzzer reaches past the parser.
    private struct Tally: CustomStringConvertible {
        var rejected = 0, loaded = 0, inferred = 0
        var slowest: Duration = .zero
        var description: String { "rejected \(rejected), loaded \(loaded), inferred \(inferred), slowest \(slowest)" }
    }

    @Test func mutatedSymbolsLoadOrThrow() throws {
        let seeds = try FuzzCorpus.symbolSeeds(networks: true)
        let run = FuzzRun(name: "symbol", defaultCount: 6_000)
        var tally = Tally()
        let clock = ContinuousClock()
        for index in 0..<run.count {
            let (_, seed, bytes) = run.symbolCase(index, from: seeds)
            let elapsed = clock.measure { Self.exerciseSymbol(bytes, seed: seed, tally: &tally) }
            tally.slowest = max(tally.slowest, elapsed)
        }
        #expect(tally.loaded >= run.count / 4, "\(tally)")
        #expect(tally.inferred >= run.count / 10, "\(tally)")
        #expect(tally.slowest < .seconds(2), "\(tally)")
    }

    private static func exerciseSymbol(_ bytes: [UInt8], seed: SymbolSeed, tally: inout Tally) {
        let graph: Graph
        do {
            graph = try Graph(symbolJSON: Data(bytes), file: "fuzz")
        } catch {
            _ = String(describing: error)
            tally.rejected += 1
            return
        }
        tally.loaded += 1
        let exported = graph.symbolJSON()
        #expect((try? Graph(symbolJSON: Data(exported.utf8))) == graph,
                "\(seed.name): export does not re-import: \(String(decoding: bytes, as: UTF8.self).prefix(4000))")
        let variables = Set(graph.variableIndices.map { graph.nodes[$0].name })
        let given = seed.shapes.filter { variables.contains($0.key) }
        do {
            let shapes = try graph.inferShapes(given)
            for entry in graph.allEntries {
                let shape = shapes[entry]
                #expect(shape?.isComplete == true && shape?.count ?? 0 > 0, "\(seed.name): \(graph.outputName(entry))")
            }
            _ = graph.textDump(shapes: shapes)
            tally.inferred += 1
        } catch {
            _ = String(describing: error)
        }
        if let partial = try? graph.inferShapes(given, requireComplete: false) { _ = graph.textDump(shapes: partial) }
    }

    @Test func mutatedParamsLoadOrThrow() throws {
        let original = try [UInt8](Data(contentsOf: Reference.url("interop/tiny-0000.params")))
        let run = FuzzRun(name: "params", defaultCount: 2_000)
        var loaded = 0
        for index in 0..<run.count {
            var mutator = run.mutator(for: index)
            let bytes = mutator.mutateBytes(original)
            run.record(bytes)
            let arrays: [(name: String, tensor: Tensor)]
            do { arrays = try Params.read(bytes, file: "fuzz.params") } catch {
                _ = String(describing: error)
                continue
            }
            loaded += 1
            #expect(arrays.reduce(0) { $0 + $1.tensor.scalars.count } <= bytes.count)
            let again = try Params.read(Params.encode(arrays), file: "re-encoded")
            #expect(again.map(\.name) == arrays.map(\.name))
            #expect(again.map { $0.tensor.scalars.map(\.bitPattern) } == arrays.map { $0.tensor.scalars.map(\.bitPattern) })
        }
        #expect(loaded > 0)
    }

    @Test func mutatedNPYFilesLoadOrThrow() throws {
        let originals = try ["tiny_input", "tiny_output", "ids_int64", "values_float64"].map {
            try [UInt8](Data(contentsOf: Reference.url("interop/\($0).npy")))
        }
        let run = FuzzRun(name: "npy", defaultCount: 2_000)
        var loaded = 0
        for index in 0..<run.count {
            var mutator = run.mutator(for: index)
            let original = mutator.pick(originals)
            let bytes = mutator.chance(0.4) ? mutator.mutateNPYHeader(original) : mutator.mutateBytes(original)
            run.record(bytes)
            let tensor: Tensor
            do { tensor = try NPY.read(bytes, file: "fuzz.npy") } catch {
                _ = String(describing: error)
                continue
            }
            loaded += 1
            #expect(tensor.scalars.count <= bytes.count)
            let again = try NPY.read(NPY.encode(tensor), file: "re-encoded")
            #expect(again.shape == tensor.shape)
            #expect(again.scalars.map(\.bitPattern) == tensor.scalars.map(\.bitPattern))
        }
        #expect(loaded > 0)
    }
}
