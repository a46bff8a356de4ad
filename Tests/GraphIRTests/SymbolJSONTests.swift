import Foundation
import GraphIR
import Testing
import TestSupport

/// MXNet symbol JSON in and out, and the verifier's checks.
struct SymbolJSONTests {
    private func opCounts(_ graph: Graph) -> [String: Int] {
        graph.nodes.reduce(into: [:]) { $0[$1.op.mxnetName, default: 0] += 1 }
    }

    @Test func exampleSymbolImportsWithItsNodesAndOps() throws {
        let graph = try Graph(contentsOfSymbolFile: Reference.url("seed/dssm_full-symbol.json"))
        #expect(graph.nodes.count == 288)
        let counts = opCounts(graph)
        #expect(counts["null"] == 147)
        #expect(counts["Convolution"] == 20)
        #expect(counts["BatchNorm"] == 19)
        #expect(counts["RNN"] == 2)
        #expect(counts["Reshape"] == 32)
        #expect(graph.auxiliaryNames.count == 38)
        #expect(Set(graph.inputNames.filter { !$0.hasPrefix("dssm") }) == ["user", "query_text", "title", "image"])
    }

    @Test func exportThenImportGivesTheSameGraph() throws {
        for file in ["seed/dssm_full-symbol.json", "seed/dssm_small-symbol.json", "interop/tiny-symbol.json"] {
            let graph = try Graph(contentsOfSymbolFile: Reference.url(file))
            let again = try Graph(symbolJSON: Data(graph.symbolJSON().utf8))
            #expect(again == graph, "\(file)")
        }
    }

    @Test func exportWritesMXNetsRowPointersAndArgNodes() throws {
        let url = Reference.url("seed/dssm_full-symbol.json")
        let graph = try Graph(contentsOfSymbolFile: url)
        let mine = try #require(try JSONSerialization.jsonObject(with: Data(graph.symbolJSON().utf8)) as? [String: Any])
        let theirs = try Reference.json("seed/dssm_full-symbol.json")
        #expect(mine["node_row_ptr"] as? [Int] == theirs["node_row_ptr"] as? [Int])
        #expect(mine["arg_nodes"] as? [Int] == theirs["arg_nodes"] as? [Int])
    }

    @Test(arguments: [
        #"{"nodes": [{"op": "null", "name": "x", "inputs": []}, {"op": "Frobnicate", "name": "f", "inputs": [[0, 0, 0]]}], "heads": [[1, 0, 0]]}"#,
        #"{"nodes": [{"op": "null", "name": "x", "inputs": []}, {"op": "Activation", "name": "a", "attrs": {"act_type": "swish"}, "inputs": [[0, 0, 0]]}], "heads": [[1, 0, 0]]}"#,
        #"{"nodes": [{"op": "Activation", "name": "a", "inputs": [[0, 0, 0]]}], "heads": [[0, 0, 0]]}"#,
        #"{"nodes": [{"op": "null", "name": "x", "inputs": []}], "heads": [[3, 0, 0]]}"#,
        #"{"nodes": [{"op": "null", "name": "x", "inputs": []}, {"op": "null", "name": "x", "inputs": []}], "heads": [[0, 0, 0]]}"#,
        #"{"nodes": [{"op": "null", "name": "x", "inputs": []}, {"op": "Convolution", "name": "c", "attrs": {"kernel": "(3, x)", "num_filter": "2"}, "inputs": [[0, 0, 0], [0, 0, 0]]}], "heads": [[1, 0, 0]]}"#,
        #"{"nodes": [{"op": "null", "name": "x"}, {"op": "FullyConnected", "name": "fc", "attrs": {"num_hidden": "-3"}, "inputs": [[0, 0, 0], [0, 0, 0], [0, 0, 0]]}], "heads": [[1, 0, 0]]}"#,
        #"{"nodes": "many", "heads": []}"#,
        #"[1, 2, 3]"#,
        #"{"nodes": [{"op": "null", "name": "x", "inputs": []}, {"op": "Activation", "name": "a", "inputs": [[0, 0, 0]]}], "heads": [[1, 2, 0]]}"#,
    ])
    func malformedSymbolsAreErrors(text: String) {
        #expect(throws: GraphError.self) { try Graph(symbolJSON: Data(text.utf8), file: "bad.json") }
    }

    @Test func errorsNameTheFileAndTheNode() {
        let text = #"{"nodes": [{"op": "null", "name": "x", "inputs": []}, {"op": "Frobnicate", "name": "f", "inputs": [[0, 0, 0]]}], "heads": [[1, 0, 0]]}"#
        #expect(throws: GraphError.unknownOp(node: "f", op: "Frobnicate")) { try Graph(symbolJSON: Data(text.utf8), file: "bad.json") }
        do {
            _ = try Graph(symbolJSON: Data("{\"nodes\": 3}".utf8), file: "bad.json")
        } catch {
            #expect("\(error)".contains("bad.json"))
            #expect("\(error)".contains("$.nodes"))
        }
    }

    @Test func textDumpListsEveryNode() throws {
        let graph = try Graph(contentsOfSymbolFile: Reference.url("interop/tiny-symbol.json"))
        let dump = graph.textDump(shapes: try graph.inferShapes(["data": [2, 3, 8, 8]]))
        #expect(dump.split(separator: "\n").count == graph.nodes.count + 1)
        #expect(dump.contains("Convolution"))
        #expect(dump.contains("(2, 5)"))
    }
}
