import Dispatch
import Foundation
import GraphIR
import Runtime
import Testing
import TestSupport

/// One compiled `Executable` run from several threads at once gives, for every input, the
/// bits a lone run gives: each run takes its own arena from the pool, and runs share only
/// read-only constants. Each thread feeds its own input, so runs that shared an arena would
/// mix their results.
struct ConcurrentRunTests {
    /// A graph to compile, one input to vary and the fixed feeds (parameters given as inputs).
    private struct Case {
        var graph: Graph
        var varied: String
        var feeds: [String: Tensor]
    }

    private static let threads = 4
    private static let runsPerThread = 20

    /// x -> two FullyConnected+relu towers -> elemwise_add: levels of two steps of equal cost,
    /// which the executor runs concurrently within each run as well.
    private static func towers() throws -> Case {
        let builder = GraphBuilder()
        let x = builder.variable("x")
        var outs: [Symbol] = []
        for tower in ["a", "b"] {
            let w = builder.variable("\(tower)_weight"), b = builder.variable("\(tower)_bias")
            let fc = builder.apply(.fullyConnected(FullyConnected(numHidden: 48)), name: "\(tower)_fc", [x, w, b])
            outs.append(builder.apply(.activation(.relu), name: "\(tower)_relu", [fc]))
            builder.values["\(tower)_weight"] = recipeTensor(name: "\(tower)_weight", shape: [48, 32])
            builder.values["\(tower)_bias"] = recipeTensor(name: "\(tower)_bias", shape: [48])
        }
        let sum = builder.apply(.elemwise(.add), name: "sum", outs)
        let graph = try builder.graph(outputs: [sum])
        return Case(graph: graph, varied: "x", feeds: ["x": recipeTensor(name: "x", shape: [16, 32])])
    }

    /// The interop network with its parameters read from the exported .params file.
    private static func tiny() throws -> Case {
        var graph = try Graph(contentsOfSymbolFile: Reference.url("interop/tiny-symbol.json"))
        for (name, tensor) in try Params.read(contentsOf: Reference.url("interop/tiny-0000.params")) {
            graph.values[Params.splitPrefix(name).name] = tensor
        }
        return Case(graph: graph, varied: "data", feeds: ["data": try NPY.read(contentsOf: Reference.url("interop/tiny_input.npy"))])
    }

    /// The two-layer bidirectional LSTM block, its parameters fed as inputs.
    private static func lstm() throws -> Case {
        let reference = try ReferenceCase.op("lstm_2layer_bidirectional")
        let data = try #require(reference.graph.inputNames.first { reference.inputs[$0]?.shape.rank == 3 })
        return Case(graph: reference.graph, varied: data, feeds: reference.inputs)
    }

    @Test(arguments: ["towers", "tiny", "lstm"])
    func concurrentRunsMatchLoneRuns(name: String) throws {
        let test = try name == "towers" ? Self.towers() : name == "tiny" ? Self.tiny() : Self.lstm()
        let executable = try compile(test.graph, inputShapes: test.feeds.mapValues(\.shape), options: CompileOptions(threads: 2))
        let base = try #require(test.feeds[test.varied])
        let feeds = try (0..<Self.threads).map { k in
            var feeds = test.feeds
            feeds[test.varied] = try Tensor(shape: base.shape, scalars: base.scalars.map { $0 * Float(k + 1) - Float(k) / 4 })
            return feeds
        }
        let expected = try feeds.map { try Self.bits(executable.runOrdered($0)) }
        #expect(Set(expected).count == Self.threads, "each thread's input must give other outputs")

        let mismatches = Mismatches()
        DispatchQueue.concurrentPerform(iterations: Self.threads) { k in
            for run in 0..<Self.runsPerThread {
                do {
                    let outputs = try Self.bits(executable.runOrdered(feeds[k]))
                    if outputs != expected[k] { mismatches.add("thread \(k) run \(run): outputs differ") }
                } catch {
                    mismatches.add("thread \(k) run \(run): \(error)")
                }
            }
        }
        #expect(mismatches.all.isEmpty, "\(mismatches.all.prefix(4))")
    }

    /// The outputs' bits, so that NaNs compare equal to themselves.
    private static func bits(_ outputs: [Tensor]) -> [[UInt32]] { outputs.map { $0.scalars.map(\.bitPattern) } }
}

/// Failures reported from several threads.
private final class Mismatches: @unchecked Sendable {
    private var messages: [String] = []
    private let lock = NSLock()

    func add(_ message: String) {
        lock.lock()
        messages.append(message)
        lock.unlock()
    }

    var all: [String] {
        lock.lock()
        defer { lock.unlock() }
        return messages
    }
}
