import GraphIR
import Plot
import Testing

/// Quoting, the document model, and awkward node names through both styles.
struct DOTTests {
    static let awkwardNames = [
        "plain", "with \"quotes\"", "back\\slash", "ends with backslash\\", "\\\"", "two\nlines", "cr\rlf",
        "colon:port", "ünïcödé 名前 🙂", "node", "-1.5", "tab\there", "\\n literally", "a -> b; c [x=y]",
    ]

    @Test(arguments: awkwardNames)
    func quotedTextRoundTrips(name: String) throws {
        let dot = try ParsedDOT("digraph g { \(DOT.quoted(name)) [label=\(DOT.quoted(name))] }")
        #expect(dot.nodes[name]?["label"] == name)
    }

    @Test func quotingEscapesOnlyWhatItMust() {
        #expect(DOT.quoted("a\"b\\c\nd") == "\"a\\\"b\\\\c\\nd\"")
        #expect(DOT.quoted("名前") == "\"名前\"")
        #expect(DOT.quoted("nul\u{0}") == "\"nul\u{FFFD}\"")
    }

    @Test func attributesKeepOrderAndReplaceInPlace() {
        var attributes: DOTAttributes = ["b": "1", "a": "2"]
        attributes["b"] = "3"
        attributes["c"] = "4"
        attributes["a"] = nil
        #expect(attributes.pairs.map(\.key) == ["b", "c"])
        #expect(attributes.rendered == "[b=\"3\" c=\"4\"]")
        #expect(attributes.merging(["c": "5", "d": "6"]).pairs.map(\.value) == ["3", "5", "6"])
    }

    @Test func documentRendersNestedSubgraphs() throws {
        var document = DOTGraph(name: "g")
        document.attributes = ["rankdir": "TB"]
        document.nodeDefaults = ["shape": "box"]
        document.nodes = [DOTNode("top")]
        document.subgraphs = [DOTSubgraph("cluster_a", attributes: ["label": "A"], nodes: [DOTNode("x", ["color": "red"])],
                                          subgraphs: [DOTSubgraph("cluster_b", nodes: [DOTNode("y")])])]
        document.edges = [DOTEdge("x", "y", ["label": "1"]), DOTEdge("x", "y", ["label": "1"])]
        let dot = try ParsedDOT(document.rendered)
        #expect(dot.graphAttributes == ["rankdir": "TB"])
        #expect(dot.nodes["x"] == ["shape": "box", "color": "red"])
        #expect(dot.root.children.first?.attributes == ["label": "A"])
        #expect(dot.root.children.first?.allNodeIDs == ["x", "y"])
        #expect(dot.edgeCounts == [ParsedEdge(from: "x", to: "y", attributes: ["label": "1"]): 2])
    }

    /// A graph whose every node has an awkward name.
    private func awkwardGraph() throws -> (Graph, ShapeMap) {
        let builder = GraphBuilder()
        var x = builder.variable(Self.awkwardNames[0])
        let weight = builder.variable("w\"eight\\_weight")
        x = builder.apply(.fullyConnected(FullyConnected(numHidden: 3, noBias: true)), name: "fc \"0\"\n_fwd", [x, weight])
        for (i, name) in Self.awkwardNames.dropFirst().enumerated() {
            let other = builder.variable("in\(i) " + name)
            x = builder.apply(.elemwise(.add), name: name, [x, other])
        }
        let graph = try builder.graph(outputs: [x])
        var given: [String: Shape] = [:]
        for name in graph.inputNames { given[name] = [2, 3] }
        given["w\"eight\\_weight"] = [3, 3]
        return (graph, try graph.inferShapes(given))
    }

    @Test func awkwardNamesRoundTripInTheMXNetStyle() throws {
        let (graph, shapes) = try awkwardGraph()
        let dot = try ParsedDOT(mxnetStyleDOT(graph, shapes: shapes, title: "ti\"tle\\"))
        #expect(dot.name == "ti\"tle\\")
        let expected = Set(graph.nodes.map(\.name)).subtracting(["w\"eight\\_weight"])
        #expect(Set(dot.nodes.keys) == expected)
        #expect(dot.edges.count == 2 * (Self.awkwardNames.count - 1) + 1)
        #expect(Set(dot.edges.flatMap { [$0.from, $0.to] }).isSubset(of: expected))
        #expect(dot.nodes["ünïcödé 名前 🙂"]?["label"] == "ünïcödé 名前 🙂")
        #expect(dot.nodes["fc \"0\"\n_fwd"]?["label"] == "FullyConnected\n3")
    }

    @Test func awkwardNamesRoundTripInTheLayerStyle() throws {
        let (graph, shapes) = try awkwardGraph()
        let dot = try ParsedDOT(layerStyleDOT(graph, shapes: shapes, groups: [LayerGroup(label: "gr\"oup\n", layerPrefixes: ["colon:port"])]))
        #expect(Set(dot.nodes.keys) == Set(graph.nodes.map(\.name)).subtracting(["w\"eight\\_weight"]))
        #expect(dot.allSubgraphs.contains { $0.attributes["label"] == "gr\"oup\n" && $0.allNodeIDs == ["colon:port"] })
    }
}
