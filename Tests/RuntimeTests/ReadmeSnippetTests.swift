import Foundation
import Testing
import TestSupport

/// The README's library example is the code `ReadmeExampleTests` compiles and runs.
struct ReadmeSnippetTests {
    @Test func readmeShowsTheTestedExample() throws {
        let readme = try String(contentsOf: Reference.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let test = try String(contentsOf: Reference.packageRoot.appendingPathComponent("Tests/RuntimeTests/ReadmeExampleTests.swift"),
                              encoding: .utf8)
        let lines = test.components(separatedBy: "\n")
        guard let begin = lines.firstIndex(where: { $0.contains("// README: begin") }),
              let end = lines.firstIndex(where: { $0.contains("// README: end") }) else {
            Issue.record("markers missing")
            return
        }
        let snippet = lines[(begin + 1)..<end].map { String($0.dropFirst(8)) }.joined(separator: "\n")
        #expect(readme.contains("```swift\n" + snippet + "\n```"))
    }
}
