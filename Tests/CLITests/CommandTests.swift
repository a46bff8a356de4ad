import Foundation
import GraphIR
import Testing
import TestSupport

/// What each subcommand prints for the example, against the reference.
struct CommandTests {
    @Test func shapesJSONEqualsMXNetsNodeShapes() throws {
        let result = try CLIRunner.run(["shapes", "--format", "json"])
        #expect(result.status == 0)
        let printed = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: [Int]])
        let expected = try #require(try Reference.json("seed/dssm_full.json")["node_shapes"] as? [String: [Int]])
        #expect(printed.count == 292)
        #expect(printed == expected)
    }

    @Test func otherBatchSizesInferToo() throws {
        let result = try CLIRunner.run(["shapes", "--shape", "user=4x1", "--shape", "query_text=4x12",
                                        "--shape", "title=4x9", "--shape", "image=4x3x160x160"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("dssmrecommendernetwork0_squeeze0") && result.stdout.contains("(4, 1)"))
        let bad = try CLIRunner.run(["shapes", "--shape", "image=1x4x224x224"])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("batchnorm0") && bad.stderr.contains("(3,)"))
    }

    @Test func summaryPrintsTheTotals() throws {
        let result = try CLIRunner.run(["summary"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("33,195,468 parameters: 33,187,520 trainable, 7,948 non-trainable"))
        #expect(result.stdout.contains("659456"))
        #expect(result.stdout.contains("query tower: 17,381,760 parameters"))
        #expect(!result.stdout.contains("<Symbol"))
    }

    @Test func plotWritesEachFormat() throws {
        let directory = try CLIRunner.temporaryDirectory()
        for (style, format) in [("mxnet", "svg"), ("layers", "png"), ("mxnet", "dot")] {
            let path = directory.appendingPathComponent("out.\(format)").path
            let result = try CLIRunner.run(["plot", "--style", style, "--format", format, "-o", path])
            #expect(result.status == 0)
            #expect(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == path)
            #expect((try Data(contentsOf: URL(fileURLWithPath: path))).count > 1000)
        }
    }

    @Test func plotTakesTheFormatFromTheFileName() throws {
        let path = try CLIRunner.temporaryDirectory().appendingPathComponent("graph.png").path
        #expect(try CLIRunner.run(["plot", "--example", "bow", "-o", path]).status == 0)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(bytes.prefix(4) == Data([0x89, 0x50, 0x4E, 0x47]))
    }

    @Test func runPrintsTheSimilaritiesAsJSON() throws {
        let result = try CLIRunner.run(["run", "--format", "json"])
        #expect(result.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let outputs = try #require(object["outputs"] as? [String: [String: Any]])
        let scores = try #require(outputs["dssmrecommendernetwork0_squeeze0_output"])
        #expect(scores["shape"] as? [Int] == [2, 1])
        #expect(object["seconds"] is Double)
        let plain = try CLIRunner.run(["run", "--format", "json", "--no-optimize", "--threads", "1"])
        let plainObject = try #require(try JSONSerialization.jsonObject(with: Data(plain.stdout.utf8)) as? [String: Any])
        let plainScores = try #require((plainObject["outputs"] as? [String: [String: Any]])?["dssmrecommendernetwork0_squeeze0_output"])
        let optimized = try #require(scores["data"] as? [Double]), unoptimized = try #require(plainScores["data"] as? [Double])
        #expect(zip(optimized, unoptimized).allSatisfy { abs($0 - $1) <= 1e-5 * max(abs($1), 1e-3) })
    }

    @Test func benchQuickPrintsEveryKey() throws {
        let result = try CLIRunner.run(["bench", "--quick", "--format", "json"])
        #expect(result.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let keys: Set<String> = ["dssm_b1_samples_per_s", "dssm_b8_samples_per_s", "image_branch_b1_samples_per_s",
                                 "image_branch_b8_samples_per_s", "query_tower_b1_ms", "query_tower_b256_ms", "compile_ms",
                                 "arena_bytes_b1", "arena_bytes_b8", "peak_rss_bytes"]
        #expect(Set(object.keys) == keys)
        #expect(result.stderr.contains("bench:"))
    }
}
