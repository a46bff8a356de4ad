import Foundation
import GraphIR
import Testing

/// Inputs that once trapped (integer overflow, an index out of range) or looped for ever in
/// shape inference; each must now be a thrown `GraphError`.
struct FuzzRegressionTests {
    /// A graph from JSON nodes whose last node is the output.
    private func graph(_ nodes: [String]) throws -> Graph {
        let text = "{\"nodes\": [\(nodes.joined(separator: ", "))], \"heads\": [[\(nodes.count - 1), 0, 0]]}"
        return try Graph(symbolJSON: Data(text.utf8), file: "regression")
    }

    private func variable(_ name: String, shape: String? = nil) -> String {
        let attrs = shape.map { ", \"attrs\": {\"__shape__\": \"\($0)\"}" } ?? ""
        return "{\"op\": \"null\", \"name\": \"\(name)\"\(attrs), \"inputs\": []}"
    }

    private func node(_ op: String, _ name: String, _ attrs: [String: String] = [:], inputs: [Int]) -> String {
        let attrText = attrs.keys.sorted().map { "\"\($0)\": \"\(attrs[$0] ?? "")\"" }.joined(separator: ", ")
        let inputText = inputs.map { "[\($0), 0, 0]" }.joined(separator: ", ")
        return "{\"op\": \"\(op)\", \"name\": \"\(name)\", \"attrs\": {\(attrText)}, \"inputs\": [\(inputText)]}"
    }

    /// Throws a `GraphError` (and its description can be printed) rather than trapping.
    private func expectInferenceFails(_ nodes: [String], given: [String: Shape] = [:],
                                      sourceLocation: SourceLocation = #_sourceLocation) throws {
        let graph = try graph(nodes)
        do {
            _ = try graph.inferShapes(given)
            Issue.record("shape inference should have failed", sourceLocation: sourceLocation)
        } catch let error as GraphError {
            #expect(!error.description.isEmpty, sourceLocation: sourceLocation)
        }
    }

    @Test func zerosWithMoreElementsThanAnIntCounts() throws {
        try expectInferenceFails([node("_zeros", "z", ["shape": "(9223372036854775807, 9223372036854775807)"], inputs: [])])
    }

    @Test func shapeHintWithMoreElementsThanAnIntCounts() throws {
        try expectInferenceFails([variable("x", shape: "(4294967296, 4294967296, 4294967296)"), node("relu", "r", inputs: [0])])
    }

    @Test func hintAndGivenShapeThatMergeIntoTooManyElements() throws {
        try expectInferenceFails([variable("x", shape: "(4294967296, 0)"), node("relu", "r", inputs: [0])],
                                 given: ["x": [0, 4_294_967_296]])
    }

    @Test func fullyConnectedOnAScalar() throws {
        try expectInferenceFails([node("_zeros", "x", inputs: []), variable("w", shape: "(5, 1)"),
                                  node("FullyConnected", "fc", ["num_hidden": "5", "no_bias": "True", "flatten": "False"], inputs: [0, 1])])
    }

    @Test func flattenOfAScalar() throws {
        try expectInferenceFails([node("_zeros", "x", ["shape": "()"], inputs: []), node("Flatten", "f", inputs: [0])])
    }

    @Test func convolutionWithHugePaddingOrDilation() throws {
        let data = variable("x", shape: "(1, 1, 4, 4)")
        for attrs in [["pad": "(4611686018427387904, 4611686018427387904)"], ["dilate": "(4611686018427387904, 1)"]] {
            let conv = node("Convolution", "c", attrs.merging(["kernel": "(3, 3)", "num_filter": "1", "no_bias": "True"]) { a, _ in a },
                            inputs: [0, 1])
            try expectInferenceFails([data, variable("w", shape: "(1, 1, 3, 3)"), conv])
        }
    }

    @Test func convolutionWhoseGroupsMultiplyPastAnInt() throws {
        try expectInferenceFails([variable("x", shape: "(1, 0, 4, 4)"), variable("w", shape: "(4, 4611686018427387904, 1, 1)"),
                                  node("Convolution", "c", ["kernel": "(1, 1)", "num_filter": "4", "num_group": "4", "no_bias": "True"],
                                       inputs: [0, 1])])
    }

    @Test func poolingWithHugePaddingOrStride() throws {
        let data = variable("x", shape: "(1, 1, 4, 4)")
        for attrs in [["pad": "(4611686018427387904, 1)"], ["stride": "(9223372036854775807, 1)", "pooling_convention": "full"]] {
            try expectInferenceFails([data, node("Pooling", "p", attrs.merging(["kernel": "(2, 2)"]) { a, _ in a }, inputs: [0])])
        }
    }

    @Test func reshapeSizesWhoseProductOverflows() throws {
        for spec in ["(4294967296, 4294967296, 4294967296)", "(-1, 4294967296, 4294967296)", "(-4, 4294967296, 4294967296, -2)"] {
            try expectInferenceFails([variable("x", shape: "(2, 3, 4)"), node("Reshape", "r", ["shape": spec], inputs: [0])])
        }
    }

    @Test func concatWhoseAxisSumOverflows() throws {
        try expectInferenceFails([variable("a", shape: "(4611686018427387904,)"), variable("b", shape: "(4611686018427387904,)"),
                                  node("Concat", "c", ["dim": "0"], inputs: [0, 1])])
    }

    /// A huge `num_layers` once counted packed parameters layer by layer (for ever) and overflowed.
    @Test(.timeLimit(.minutes(1)))
    func rnnWithHugeLayerCountOrStateSize() throws {
        let inputs = [variable("x", shape: "(5, 2, 6)"), variable("p"), variable("h"), variable("c")]
        for attrs in [["state_size": "4", "num_layers": "9223372036854775807"],
                      ["state_size": "4", "num_layers": "4611686018427387904", "bidirectional": "True"],
                      ["state_size": "4611686018427387904", "num_layers": "1", "bidirectional": "True"]] {
            let rnn = node("RNN", "lstm", attrs.merging(["mode": "lstm"]) { a, _ in a }, inputs: [0, 1, 2, 3])
            let graph = try graph(inputs + [rnn])
            #expect(throws: GraphError.self) { try graph.inferShapes([:]) }
        }
    }

    @Test func packedParameterCountIsClosedFormAndReportsOverflow() {
        let lstm = RNN(stateSize: 4, numLayers: 2, bidirectional: true)
        #expect(lstm.packedParameterCount(inputSize: 6) == 2 * 16 * (6 + 4 + 2) + 2 * 16 * (8 + 4 + 2))
        #expect(RNN(stateSize: 4, numLayers: .max, bidirectional: false).packedParameterCount(inputSize: 6) == nil)
    }

    /// `scalar="None"` once made a NaN operand, so the graph did not even equal itself.
    @Test func scalarOpWithoutAValue() throws {
        for attrs in [["scalar": "None"], [:]] {
            #expect(throws: GraphError.self) { try graph([variable("x"), node("_plus_scalar", "s", attrs, inputs: [0])]) }
        }
    }

    @Test func tensorWithMoreElementsThanAnIntCounts() {
        do {
            _ = try Tensor(shape: [.max, .max], scalars: [])
            Issue.record("an uncountable shape must be refused")
        } catch {
            #expect(String(describing: error).contains("more than"))
        }
        #expect(Shape([.max, 2]).checkedCount == nil)
        #expect(Shape([3, 0, .max]).checkedCount == 0)
    }
}
