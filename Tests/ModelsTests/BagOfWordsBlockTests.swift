import GraphIR
import Layers
import Models
import Testing
import TestSupport

/// The bag-of-words projection as a block.
struct BagOfWordsBlockTests {
    @Test func blockTracesAConstantEmbeddingAndASum() throws {
        let block = try NameScope().enter { try BagOfWordsRandomProjection(vocabularySize: 1000, outputDim: 20) }
        let graph = try block.graph(inputShapes: ["data": [2, 3]])
        #expect(graph.nodes.map(\.name) == ["data", "bagofwordsrandomprojection0_proj",
                                             "bagofwordsrandomprojection0_embedding0", "bagofwordsrandomprojection0_sum0"])
        #expect(try graph.inferShapes(["data": [2, 3]])[graph.outputs[0]] == [2, 20])
        #expect(block.projection.isTrainable == false)
        let projection = try #require(graph.values["bagofwordsrandomprojection0_proj"])
        let expected = try Reference.tensor(try Reference.json("seed/bow.json")["projection_first_rows"])
        let firstRows = try Tensor(shape: [3, 20], scalars: Array(projection.scalars.prefix(60)))
        #expect(maxRelativeError(firstRows, expected) <= 1e-6)
        try block.initialize(Xavier(), seed: 0, forceReinitialization: true)
        #expect(block.projection.value == projection)
    }
}
