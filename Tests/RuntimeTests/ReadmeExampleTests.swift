import GraphIR
import Layers
import Models
import Runtime
import Testing

/// The library example of the README, as written there.
struct ReadmeExampleTests {
    @Test func readmeExampleRuns() throws {
        // README: begin
        let net = try DSSMRecommenderNetwork()
        try net.initialize(Xavier(), seed: 42)
        try net.setParameter("dssmrecommendernetwork0_dense0_bias", Tensor(shape: [128], repeating: 0.01))
        let shapes: [String: Shape] = ["user": [2, 1], "query_text": [2, 5], "title": [2, 5], "image": [2, 3, 224, 224]]
        let graph = try net.graph(outputs: [.score], inputShapes: shapes)
        let executable = try compile(graph, inputShapes: shapes, options: CompileOptions(threads: 2))
        let text = try Tensor(shape: [2, 5], scalars: [10, 20, 0, 0, 0, 40, 50, 0, 0, 0])
        let similarities = try executable.run([
            "user": try Tensor(shape: [2, 1], scalars: [200, 100]),
            "query_text": text, "title": text,
            "image": Tensor(shape: [2, 3, 224, 224], repeating: 0.5),
        ])
        print(similarities["dssmrecommendernetwork0_squeeze0_output"] ?? "no output")
        // README: end
        let scores = try #require(similarities["dssmrecommendernetwork0_squeeze0_output"])
        #expect(scores.shape == [2, 1])
        #expect(scores.scalars.allSatisfy { $0 >= -1 && $0 <= 1 })
    }
}
