import GraphIR
import Models
import Runtime
import Testing
import TestSupport

/// The bag-of-words projection, traced and run, prints the example's numbers.
struct BagOfWordsRunTests {
    @Test func bothExampleCasesMatchWithinOneMillionth() throws {
        let cases = try #require(try Reference.json("seed/bow.json")["cases"] as? [[String: Any]])
        #expect(cases.count == 2)
        let block = try BagOfWordsRandomProjection(vocabularySize: 1000, outputDim: 20)
        for item in cases {
            let input = try Reference.tensor(item["input"])
            let expected = try Reference.tensor(item["output"])
            let graph = try block.graph(inputShapes: ["data": input.shape])
            let output = try compile(graph, inputShapes: ["data": input.shape]).runOrdered(["data": input])[0]
            #expect(output.shape == expected.shape)
            #expect(zip(output.scalars, expected.scalars).allSatisfy { abs($0 - $1) <= 1e-6 })
        }
    }
}
