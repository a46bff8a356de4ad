import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Plot
import Testing

/// `text` as a DOT double-quoted string.
private func dotQuoted(_ text: String) -> String {
    var out = "\""
    for character in text {
        switch character {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        default: out.append(character)
        }
    }
    return out + "\""
}

private func svgDocument(_ dot: String) throws -> XMLDocument {
    try XMLDocument(data: Data(try render(dot: dot, format: .svg)), options: [])
}

private func elements(_ document: XMLDocument, _ name: String, class className: String? = nil) throws -> [XMLNode] {
    let classTest = className.map { "[@class='\($0)']" } ?? ""
    return try document.nodes(forXPath: "//*[local-name()='\(name)']\(classTest)")
}

@Suite("Graphviz rendering")
struct GraphvizTests {
    @Test func svgHasOneNodeGroupPerNode() throws {
        let dot = "digraph G { a -> b; b -> c; a -> c; d; }"
        let document = try svgDocument(dot)
        #expect(try elements(document, "g", class: "node").count == 4)
        #expect(try elements(document, "g", class: "edge").count == 3)
    }

    @Test func pngStartsWithSignature() throws {
        let png = try render(dot: "digraph { x -> y }", format: .png)
        #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        #expect(png.count > 100)
    }

    @Test func dotFormatReturnsInputUnchanged() throws {
        let dot = "digraph { \"Größe\" -> b }\n"
        #expect(try render(dot: dot, format: .dot) == Array(dot.utf8))
    }

    @Test func syntaxErrorCarriesGraphvizMessage() throws {
        let error = #expect(throws: GraphvizError.self) {
            try render(dot: "digraph { a -> ; }", format: .svg)
        }
        #expect(error?.message.contains("syntax error") == true)
        #expect(error?.message.contains("line 1") == true)
        // Graphviz's parser recovers: the next graph renders.
        #expect(try elements(try svgDocument("digraph { a }"), "g", class: "node").count == 1)
    }

    @Test func emptyInputThrows() {
        #expect(throws: GraphvizError.self) { try render(dot: "", format: .svg) }
    }

    @Test func labelsWithSpecialCharactersRender() throws {
        let label = "say \"hi\"\nback\\slash\nGröße → 東京"
        let dot = "digraph { n [shape=box, label=\(dotQuoted(label))]; }"
        let texts = try elements(try svgDocument(dot), "text").compactMap(\.stringValue)
        #expect(texts == ["say \"hi\"", "back\\slash", "Größe → 東京"])
    }

    @Test func concurrentRendersAreSerialized() async throws {
        let sizes = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<6 {
                group.addTask {
                    let dot = "digraph { n\(index) -> m\(index) }"
                    return try render(dot: dot, format: index.isMultiple(of: 2) ? .svg : .png).count
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(sizes.count == 6 && sizes.allSatisfy { $0 > 0 })
    }
}
