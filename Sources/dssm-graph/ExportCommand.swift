import Foundation
import GraphIR
import Models

/// `dssm-graph export`: the example as MXNet's `export` writes a Gluon network.
enum ExportCommand: Command {
    static let name = "export"
    static let summary = "write the example as PREFIX-symbol.json and PREFIX-0000.params for MXNet"
    static let usage = """
        usage: dssm-graph export -o PREFIX [--seed S]

        Writes the DSSM example with seeded Xavier weights the way Gluon's HybridBlock.export does:
        PREFIX-symbol.json (the hybridized symbol, inputs user, query_text, title, image) and
        PREFIX-0000.params (MXNet's NDArray list, names prefixed arg: and aux:). MXNet 1.9.1 loads
        them with mx.sym.load + mx.nd.load or gluon.SymbolBlock.imports.

          -o PREFIX        the path prefix of the two files
          --seed S         seed of the weights (0 to 4294967295, default 0)
        """

    static func run(_ arguments: [String]) throws {
        let args = try Arguments(arguments, specs: [.value("output", short: "o"), .value("seed")])
        guard let prefix = args.value("output") else { throw UsageError("give the output prefix with -o PREFIX") }
        guard !prefix.isEmpty, !prefix.hasSuffix("/") else {
            throw UsageError("-o takes a path prefix such as out/dssm (files PREFIX-symbol.json, PREFIX-0000.params), found '\(prefix)'")
        }
        let seed = try args.seed()
        let graph = try ExampleModel.initializedGraph(seed: seed, shapes: ExampleNetwork.dssm.defaultShapes())
        try writeExport(graph, prefix: prefix)
    }

    /// Writes `graph` as `PREFIX-symbol.json` and its bound values as `PREFIX-0000.params`.
    static func writeExport(_ graph: Graph, prefix: String) throws {
        let auxiliary = graph.auxiliaryNames
        let arrays = graph.variableIndices.compactMap { index -> (name: String, tensor: Tensor)? in
            let name = graph.nodes[index].name
            guard let value = graph.values[name] else { return nil }
            return ((auxiliary.contains(name) ? "aux:" : "arg:") + name, value)
        }
        try writeFile(Array(graph.symbolJSON().utf8), to: prefix + "-symbol.json")
        try writeFile(Params.encode(arrays), to: prefix + "-0000.params")
        print(prefix + "-symbol.json")
        print(prefix + "-0000.params")
    }
}
