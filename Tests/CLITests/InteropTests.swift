import Foundation
import GraphIR
import Testing
import TestSupport

/// MXNet exports through the command line: run one MXNet wrote, and round-trip our own.
struct InteropTests {
    @Test func mxnetExportRunsToMXNetsOutput() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let output = directory.appendingPathComponent("y.npy").path
        let result = try CLIRunner.run([
            "run", "--model", Reference.url("interop/tiny-symbol.json").path,
            "--params", Reference.url("interop/tiny-0000.params").path,
            "--input", "data=" + Reference.url("interop/tiny_input.npy").path, "--output", output,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let mine = try NPY.read(contentsOf: URL(fileURLWithPath: output))
        let theirs = try NPY.read(contentsOf: Reference.url("interop/tiny_output.npy"))
        #expect(maxRelativeError(mine, theirs) <= 1e-5)
    }

    @Test func runWithoutParametersIsRefused() throws {
        let result = try CLIRunner.run(["run", "--model", Reference.url("interop/tiny-symbol.json").path,
                                        "--input", "data=" + Reference.url("interop/tiny_input.npy").path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("--params"))
    }

    @Test func corruptParamsNameTheFile() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let bytes = try Data(contentsOf: Reference.url("interop/tiny-0000.params"))
        let truncated = directory.appendingPathComponent("cut.params")
        try bytes.prefix(bytes.count / 2).write(to: truncated)
        let result = try CLIRunner.run(["run", "--model", Reference.url("interop/tiny-symbol.json").path,
                                        "--params", truncated.path,
                                        "--input", "data=" + Reference.url("interop/tiny_input.npy").path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("cut.params") && result.stderr.contains("byte"))
        #expect(result.stderr.split(separator: "\n").count == 1)
    }

    /// A `.params` file missing an array, or with an array of the wrong shape, is refused by name.
    @Test func incompleteOrMisshapenParamsNameTheArray() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let arrays = try Params.read(contentsOf: Reference.url("interop/tiny-0000.params"))
        let partial = directory.appendingPathComponent("partial.params")
        try Params.write(Array(arrays.dropLast()), to: partial)
        var reshaped = arrays
        reshaped[0].tensor = Tensor(shape: [2, 3, 3, 3])
        let misshapen = directory.appendingPathComponent("misshapen.params")
        try Params.write(reshaped, to: misshapen)
        for (file, words) in [(partial, ["partial.params", "no array", arrays.last.map { Params.splitPrefix($0.name).name } ?? ""]),
                              (misshapen, ["misshapen.params", arrays[0].name, "(2, 3, 3, 3)"])] {
            let result = try CLIRunner.run(["run", "--model", Reference.url("interop/tiny-symbol.json").path, "--params", file.path,
                                            "--input", "data=" + Reference.url("interop/tiny_input.npy").path])
            #expect(result.status == 1)
            for word in words { #expect(result.stderr.contains(word), "\(result.stderr)") }
        }
    }

    /// The example exported, imported again and run gives what the example gives.
    @Test func exportRoundTripsThroughImport() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let prefix = directory.appendingPathComponent("dssm").path
        #expect(try CLIRunner.run(["export", "-o", prefix, "--seed", "3"]).status == 0)
        let graph = try Graph(contentsOfSymbolFile: URL(fileURLWithPath: prefix + "-symbol.json"))
        #expect(graph.nodes.count == 288)
        let inputs: [String: Tensor] = [
            "user": try Tensor(shape: [2, 1], scalars: [200, 100]),
            "query_text": try Tensor(shape: [2, 5], scalars: [10, 20, 0, 0, 0, 40, 50, 0, 0, 0]),
            "title": try Tensor(shape: [2, 5], scalars: [10, 20, 0, 0, 0, 40, 50, 0, 0, 0]),
            "image": Tensor(shape: [2, 3, 224, 224], repeating: 0.25),
        ]
        for (name, tensor) in inputs { try NPY.write(tensor, to: directory.appendingPathComponent(name + ".npy")) }
        let imported = try CLIRunner.run(["run", "--model", prefix + "-symbol.json", "--params", prefix + "-0000.params",
                                          "--format", "json"] + inputs.keys.sorted().flatMap {
            ["--input", "\($0)=" + directory.appendingPathComponent($0 + ".npy").path]
        })
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("dssmrecommendernetwork0_squeeze0_output"))
    }
}
