import Foundation
import GraphIR
import Testing
import TestSupport

/// Shape inference against what MXNet 1.9.1 inferred for the reference graphs.
struct ShapeInferenceTests {
    /// Every output of the example's graph, for the plot shapes, equals MXNet's `node_shapes`.
    @Test func exampleGraphMatchesMXNetNodeShapes() throws {
        let graph = try Graph(contentsOfSymbolFile: Reference.url("seed/dssm_full-symbol.json"))
        let reference = try Reference.json("seed/dssm_full.json")
        let given = try #require(reference["shapes_for"] as? [String: [Int]])
        let expected = try #require(reference["node_shapes"] as? [String: [Int]])
        let shapes = try graph.inferShapes(given.mapValues { Shape($0) })
        var found: [String: [Int]] = [:]
        for entry in graph.allEntries { found[graph.outputName(entry)] = shapes[entry]?.dims }
        #expect(expected.count == 292)
        #expect(Set(found.keys) == Set(expected.keys))
        let differing = expected.keys.sorted().filter { found[$0] != expected[$0] }
        #expect(differing.isEmpty, "\(differing.prefix(5).map { "\($0): \(found[$0] ?? []) vs \(expected[$0] ?? [])" })")
    }

    /// The output shape of every one-op reference case equals MXNet's.
    @Test(arguments: try Reference.opCases())
    func opCaseOutputShapes(name: String) throws {
        let object = try Reference.json("ops/\(name).json")
        let graph = try Graph(symbolJSON: try Reference.symbolData(ofCase: object), file: name)
        let inputs = try #require(object["inputs"] as? [String: Any])
        let outputs = try #require(object["outputs"] as? [Any])
        var given: [String: Shape] = [:]
        for (key, value) in inputs where graph.index(of: key) != nil { given[key] = try Reference.tensor(value).shape }
        let shapes = try graph.inferShapes(given)
        for (entry, output) in zip(graph.outputs, outputs) {
            #expect(shapes[entry] == (try Reference.tensor(output).shape), "\(name)")
        }
    }

    private func infer(_ op: Op, _ shapes: [Shape]) throws -> Shape? {
        let builder = GraphBuilder()
        let inputs = shapes.indices.map { builder.variable("x\($0)") }
        let out = builder.apply(op, name: "op", inputs)
        let graph = try builder.graph(outputs: [out])
        var given: [String: Shape] = [:]
        for (i, s) in shapes.enumerated() { given["x\(i)"] = s }
        return try graph.inferShapes(given)[out.entry]
    }

    @Test func positiveReshapeCodeConsumesAnAxis() throws {
        #expect(throws: GraphError.self) { try infer(.reshape(shape: [1, -2], reverse: false), [[2, 2]]) }
        #expect(try infer(.reshape(shape: [-4, 1, 2, -2], reverse: false), [[2, 3, 4]]) == [1, 2, 3, 4])
        #expect(try infer(.reshape(shape: [-3, 0], reverse: false), [[2, 3, 4]]) == [6, 4])
    }

    @Test func splitWithBothHalvesUnknownIsAnError() {
        #expect(throws: GraphError.self) { try infer(.reshape(shape: [-4, -1, -1], reverse: false), [[6]]) }
    }

    @Test func poolingValidFloorsAndFullCeils() throws {
        let valid = Pooling(kernel: [3, 3], kind: .max, convention: .valid, stride: [2, 2])
        var full = valid
        full.convention = .full
        #expect(try infer(.pooling(valid), [[1, 1, 28, 28]]) == [1, 1, 13, 13])
        #expect(try infer(.pooling(full), [[1, 1, 28, 28]]) == [1, 1, 14, 14])
    }

    @Test func globalPoolingIgnoresKernelStrideAndPad() throws {
        let pool = Pooling(kernel: [7, 7], kind: .avg, globalPool: true, stride: [3, 3], pad: [2, 2])
        #expect(try infer(.pooling(pool), [[2, 3, 5, 5]]) == [2, 3, 1, 1])
    }

    @Test func elemwiseNeedsEqualShapesButBroadcastBroadcasts() throws {
        #expect(throws: GraphError.self) { try infer(.elemwise(.add), [[10], [1]]) }
        #expect(try infer(.broadcast(.add), [[10], [1]]) == [10])
    }

    @Test func wrongImageChannelsAreAShapeError() throws {
        let builder = GraphBuilder()
        let image = builder.variable("image")
        let weight = builder.variable("w", hints: ["__shape__": "(64, 3, 7, 7)"])
        let conv = builder.apply(.convolution(Convolution(kernel: [7, 7], stride: [2, 2], pad: [3, 3], numFilter: 64, noBias: true)),
                                 name: "conv0", [image, weight])
        let graph = try builder.graph(outputs: [conv])
        #expect(throws: GraphError.self) { try graph.inferShapes(["image": [1, 4, 224, 224]]) }
        #expect(try graph.inferShapes(["image": [1, 3, 224, 224]])[conv.entry] == [1, 64, 112, 112])
    }

    @Test func unknownInputNameIsAnError() throws {
        let graph = try Graph(contentsOfSymbolFile: Reference.url("seed/dssm_full-symbol.json"))
        #expect(throws: GraphError.unknownInput(name: "nope", known: ["user", "query_text", "title", "image"])) {
            try graph.inferShapes(["nope": [1]])
        }
    }
}
