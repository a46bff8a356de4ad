import Foundation
import GraphIR
import Plot
import Testing
import TestSupport

/// Loads a reference graph and the shapes it is plotted at.
enum Example {
    static func graph() throws -> Graph {
        try Graph(contentsOfSymbolFile: Reference.url("seed/dssm_full-symbol.json"))
    }

    /// The plot shapes: user (1,1), query_text (1,30), title (1,30), image (1,3,224,224).
    static func plotShapes() throws -> [String: Shape] {
        let given = try #require(try Reference.json("seed/dssm_full.json")["shapes_for"] as? [String: [Int]])
        return given.mapValues { Shape($0) }
    }

    static func opCase(_ name: String) throws -> (graph: Graph, shapes: [String: Shape]) {
        let object = try Reference.json("ops/\(name).json")
        let graph = try Graph(symbolJSON: try Reference.symbolData(ofCase: object), file: name)
        let inputs = try #require(object["inputs"] as? [String: Any])
        var shapes: [String: Shape] = [:]
        for (key, value) in inputs where graph.index(of: key) != nil { shapes[key] = try Reference.tensor(value).shape }
        return (graph, shapes)
    }
}

/// Expects two parsed drawings to have the same nodes (IDs and attributes) and the same
/// multiset of edges (ends and attributes).
func expectSameDrawing(_ ours: ParsedDOT, _ theirs: ParsedDOT, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(ours.name == theirs.name, sourceLocation: sourceLocation)
    let missing = Set(theirs.nodes.keys).subtracting(ours.nodes.keys).sorted()
    let extra = Set(ours.nodes.keys).subtracting(theirs.nodes.keys).sorted()
    #expect(missing.isEmpty && extra.isEmpty, "missing \(missing.prefix(5)), extra \(extra.prefix(5))", sourceLocation: sourceLocation)
    let differing = theirs.nodes.keys.sorted().filter { ours.nodes[$0] != nil && ours.nodes[$0] != theirs.nodes[$0] }
    #expect(differing.isEmpty, "\(differing.prefix(3).map { "\($0): \(ours.nodes[$0] ?? [:]) vs \(theirs.nodes[$0] ?? [:])" })",
            sourceLocation: sourceLocation)
    let ourEdges = ours.edgeCounts, theirEdges = theirs.edgeCounts
    let edgeDiff = Set(ourEdges.keys).union(theirEdges.keys).filter { ourEdges[$0] != theirEdges[$0] }
    #expect(edgeDiff.isEmpty, "\(edgeDiff.prefix(5).map { "\($0): ours \(ourEdges[$0] ?? 0), MXNet \(theirEdges[$0] ?? 0)" })",
            sourceLocation: sourceLocation)
}

/// The mxnet style against `mx.viz.plot_network`'s own drawing of the example.
struct MXNetStyleTests {
    private func reference() throws -> ParsedDOT {
        try ParsedDOT(String(contentsOf: Reference.url("seed/dssm_full-mxnet-plot.dot"), encoding: .utf8))
    }

    @Test func exampleWithShapesMatchesMXNet() throws {
        let graph = try Example.graph()
        let shapes = try graph.inferShapes(try Example.plotShapes())
        let theirs = try reference()
        #expect(theirs.nodes.count == 145)
        #expect(theirs.edges.count == 154)
        expectSameDrawing(try ParsedDOT(mxnetStyleDOT(graph, shapes: shapes)), theirs)
    }

    /// Without shapes MXNet 1.9.1 gives every edge the empty label and draws the same nodes.
    @Test func exampleWithoutShapesMatchesMXNet() throws {
        var theirs = try reference()
        theirs.edges = theirs.edges.map { edge in
            var edge = edge
            edge.attributes["label"] = ""
            return edge
        }
        expectSameDrawing(try ParsedDOT(mxnetStyleDOT(try Example.graph(), shapes: nil)), theirs)
    }

    @Test func spotChecks() throws {
        let graph = try Example.graph()
        let dot = try ParsedDOT(mxnetStyleDOT(graph, shapes: try graph.inferShapes(try Example.plotShapes())))
        #expect(dot.nodes["image"]?["shape"] == "oval")
        #expect(dot.nodes["dssmrecommendernetwork0_resnetv20_pool0_fwd"]?["label"] == "Pooling\nmax, 3x3/2x2")
        #expect(dot.nodes["dssmrecommendernetwork0_dense0_weight"] == nil)
        let rnnEdge = dot.edges.first { $0.from == "dssmrecommendernetwork0_mean0" }
        #expect(rnnEdge == ParsedEdge(from: "dssmrecommendernetwork0_mean0", to: "dssmrecommendernetwork0_lstm0_rnn0",
                                      attributes: ["label": "1x256", "dir": "back", "arrowtail": "open"]))
    }

    /// With `hideWeights: false` MXNet skips the weights' node statements but keeps their edges.
    @Test func shownWeightsKeepTheirEdges() throws {
        let graph = try Graph(contentsOfSymbolFile: Reference.url("interop/tiny-symbol.json"))
        let dot = try ParsedDOT(mxnetStyleDOT(graph, shapes: nil, hideWeights: false))
        #expect(dot.edges.contains { $0.from == "tiny_conv0_fwd" && $0.to == "tiny_conv0_weight" })
        #expect(dot.nodes["tiny_conv0_weight"] == [:])
    }

    @Test func tinyInteropNetwork() throws {
        let graph = try Graph(contentsOfSymbolFile: Reference.url("interop/tiny-symbol.json"))
        let shapes = try graph.inferShapes(["data": [2, 3, 8, 8]])
        let dot = try ParsedDOT(mxnetStyleDOT(graph, shapes: shapes, title: "tiny"))
        #expect(dot.name == "tiny")
        #expect(Set(dot.nodes.keys) == ["data", "tiny_conv0_fwd", "tiny_batchnorm0_fwd", "tiny_relu0_fwd",
                                        "tiny_pool0_fwd", "tiny_flatten0_flatten0", "tiny_dense0_fwd"])
        #expect(dot.nodes["tiny_conv0_fwd"]?["label"] == "Convolution\n3x3/1x1, 4")
        #expect(dot.nodes["tiny_flatten0_flatten0"]?["fillcolor"] == "#fdb462")
        #expect(dot.edges.map(\.attributes["label"]) == ["3x8x8", "4x8x8", "4x8x8", "4x8x8", "4x4x4", "64"])
    }

    @Test func lstmBlockWithItsPlumbing() throws {
        let (graph, given) = try Example.opCase("lstm_2layer_bidirectional")
        let dot = try ParsedDOT(mxnetStyleDOT(graph, shapes: try graph.inferShapes(given)))
        #expect(dot.nodes.count == 21)
        #expect(dot.edges.count == 20)
        #expect(dot.edges.contains { $0.from == "lstm0_rnn0" && $0.to == "lstm0_h0_0" && $0.attributes["label"] == "2x4" })
        _ = try ParsedDOT(mxnetStyleDOT(graph, shapes: nil))
    }
}
