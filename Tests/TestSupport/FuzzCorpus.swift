import Foundation
import GraphIR

/// A symbol file to mutate, with shapes for the inputs it has before mutation.
public struct SymbolSeed: Sendable {
    public let name: String
    public let tree: JSONValue
    /// Shapes of the variables (data inputs, and for one-op cases every parameter too).
    public let shapes: [String: Shape]
}

/// The reference files the fuzz tests start from, and the settings of a run.
public enum FuzzCorpus {
    /// Data-input shapes of the network symbols (the plot shapes and the small case's inputs).
    private static let networkShapes: [String: [String: Shape]] = [
        "seed/dssm_full-symbol.json": ["user": [1, 1], "query_text": [1, 30], "title": [1, 30], "image": [1, 3, 224, 224]],
        "seed/dssm_small-symbol.json": ["user": [3, 1], "query_text": [3, 7], "title": [3, 5], "image": [3, 3, 32, 32]],
        "interop/tiny-symbol.json": ["data": [2, 3, 8, 8]],
    ]

    /// Every one-op case's symbol with the shapes of its stored inputs, the tiny interop
    /// network and, with `networks`, the two DSSM symbols.
    public static func symbolSeeds(networks: Bool) throws -> [SymbolSeed] {
        var seeds: [SymbolSeed] = []
        for name in try Reference.opCases() {
            let object = try Reference.json("ops/\(name).json")
            let tree = try JSONValue(parsing: Reference.symbolData(ofCase: object))
            var shapes: [String: Shape] = [:]
            for (key, value) in object["inputs"] as? [String: Any] ?? [:] {
                if let dims = (value as? [String: Any])?["shape"] as? [Int] { shapes[key] = Shape(dims) }
            }
            seeds.append(SymbolSeed(name: name, tree: tree, shapes: shapes))
        }
        for (path, shapes) in networkShapes.sorted(by: { $0.key < $1.key }) where networks || path.hasPrefix("interop") {
            let tree = try JSONValue(parsing: Data(contentsOf: Reference.url(path)))
            seeds.append(SymbolSeed(name: path, tree: tree, shapes: shapes))
        }
        return seeds
    }
}

/// A mutated symbol that loads and infers its shapes, made ready to compile: each variable with
/// a known shape is either an input or (sometimes, when small) bound to a zero tensor, so that
/// both run-time kernels and compile-time folding see the mutated shapes.
public struct PreparedGraph {
    public var graph: Graph
    public var inputShapes: [String: Shape]

    /// Nil when the bytes do not load or their shapes do not infer (errors the reader tests check).
    public init?(_ bytes: [UInt8], seed: SymbolSeed, mutator: inout Mutator, bindingChance: Double = 0.3) {
        guard let graph = try? Graph(symbolJSON: Data(bytes), file: "fuzz") else { return nil }
        let variables = Set(graph.variableIndices.map { graph.nodes[$0].name })
        guard let shapes = try? graph.inferShapes(seed.shapes.filter { variables.contains($0.key) }, requireComplete: false) else {
            return nil
        }
        self.graph = graph
        inputShapes = [:]
        for i in graph.variableIndices {
            guard let shape = shapes[node: i], shape.isComplete else { continue }
            if shape.count <= 1 << 16, mutator.chance(bindingChance) {
                self.graph.values[graph.nodes[i].name] = Tensor(shape: shape)
            } else {
                inputShapes[graph.nodes[i].name] = shape
            }
        }
    }
}

/// One fuzz loop's settings: a fixed seed and case count, which `DSSM_FUZZ_SEED` and
/// `DSSM_FUZZ_CASES` override for longer runs. With `DSSM_FUZZ_LAST=path` each case is
/// written to `path.<name>` before it runs, so that the file holds the input of a crash.
public struct FuzzRun: Sendable {
    public let name: String
    public let seed: UInt64
    public let count: Int
    private let lastCasePath: String?

    public init(name: String, defaultCount: Int, defaultSeed: UInt64 = 0x5EED_D55A) {
        let environment = ProcessInfo.processInfo.environment
        self.name = name
        seed = environment["DSSM_FUZZ_SEED"].flatMap { UInt64($0) } ?? defaultSeed
        count = environment["DSSM_FUZZ_CASES"].flatMap { Int($0) }.map { $0 * defaultCount / 10_000 } ?? defaultCount
        lastCasePath = environment["DSSM_FUZZ_LAST"].map { "\($0).\(name)" }
    }

    /// The generator of case `index`: each case depends only on the seed, the loop's name
    /// and its own index, so any one case can be replayed alone.
    public func mutator(for index: Int) -> Mutator {
        let salt = name.utf8.reduce(UInt64(14_695_981_039_346_037_037)) { ($0 ^ UInt64($1)) &* 1_099_511_628_211 }
        return Mutator(seed: seed ^ salt &+ UInt64(index) &* 0x9E37_79B9_7F4A_7C15)
    }

    /// Case `index` of a symbol loop: its generator, the seed file it mutated and the mutated
    /// bytes, already recorded for `DSSM_FUZZ_LAST`.
    public func symbolCase(_ index: Int, from seeds: [SymbolSeed]) -> (mutator: Mutator, seed: SymbolSeed, bytes: [UInt8]) {
        var mutator = mutator(for: index)
        let seed = mutator.pick(seeds)
        let bytes = mutator.mutateSymbol(seed.tree)
        record(bytes)
        return (mutator, seed, bytes)
    }

    /// Keeps the case about to run when `DSSM_FUZZ_LAST` asks for it.
    public func record(_ bytes: [UInt8]) {
        guard let lastCasePath else { return }
        _ = FileManager.default.createFile(atPath: lastCasePath, contents: Data(bytes))
    }
}
