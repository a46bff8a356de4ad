import Foundation
import Testing
import TestSupport

/// Every subcommand: `--help` works, bad arguments are usage errors (exit 2, usage on stderr),
/// bad files are one-line errors (exit 1).
struct UsageTests {
    static let subcommands = ["plot", "shapes", "summary", "run", "optimize", "bench", "export"]
    static let modelCommands = ["plot", "shapes", "summary", "optimize"]

    @Test func toolHelpListsTheCommands() throws {
        let result = try CLIRunner.run(["--help"])
        #expect(result.status == 0)
        for command in Self.subcommands { #expect(result.stdout.contains(command)) }
        #expect(try CLIRunner.run([]).status == 2)
        #expect(try CLIRunner.run(["frobnicate"]).status == 2)
    }

    @Test(arguments: subcommands)
    func helpAndUsageErrors(command: String) throws {
        let help = try CLIRunner.run([command, "--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("usage: dssm-graph \(command)"))
        let bad = try CLIRunner.run([command, "--no-such-option"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("unknown option"))
        #expect(bad.stderr.contains("usage:"))
    }

    @Test(arguments: modelCommands)
    func unreadableModelIsAOneLineError(command: String) throws {
        let result = try CLIRunner.run([command, "--model", "/nonexistent/model-symbol.json"])
        #expect(result.status == 1)
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(result.stderr.contains("/nonexistent/model-symbol.json"))
    }

    @Test func wrongValuesAreUsageErrors() throws {
        for arguments in [["plot", "--style", "fancy"], ["plot", "--format", "gif"], ["run", "--batch", "0"],
                          ["run", "--threads", "many"], ["shapes", "--format", "xml"], ["export"],
                          ["optimize", "--print-after", "no-such-pass"], ["run", "--params", "x.params"],
                          ["shapes", "--example", "alexnet"], ["bench", "--threads", "-1"], ["run", "--example", "bow"],
                          ["run", "--threads", "2147483647"], ["export", "-o", ""], ["export", "-o", "out/"],
                          ["run", "--model", "m.json", "--batch", "4", "--init", "xavier"],
                          ["run", "--model", "m.json", "--params", "p.params", "--init", "xavier"],
                          ["run", "--model", "m.json", "--init", "xavier", "--input", "x=a.npy", "--input", "x=b.npy"],
                          ["shapes", "--model", ""], ["run", "--seed", "4294967296"]] {
            let result = try CLIRunner.run(arguments)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.stderr.contains("usage:"), "\(arguments)")
        }
    }

    @Test func helpTopicsAndVersion() throws {
        let help = try CLIRunner.run(["help", "plot"])
        #expect(help.status == 0 && help.stdout.contains("usage: dssm-graph plot"))
        let version = try CLIRunner.run(["--version"])
        #expect(version.status == 0 && version.stdout.hasPrefix("dssm-graph "))
    }

    /// Sizes beyond memory are refused before anything is allocated.
    @Test func hugeBatchIsAOneLineError() throws {
        let result = try CLIRunner.run(["run", "--batch", "100000"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("too large"))
        #expect(result.stderr.split(separator: "\n").count == 1)
    }

    @Test func outputsAreNotDirectories() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let result = try CLIRunner.run(["plot", "-o", directory.path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("directory"))
    }

    @Test func malformedShapeIsAUsageError() throws {
        let model = Reference.url("interop/tiny-symbol.json").path
        for bad in ["data", "data=", "data=2xx3", "data=-1x3", "=2x3"] {
            let result = try CLIRunner.run(["shapes", "--model", model, "--shape", bad])
            #expect(result.status == 2, "\(bad)")
        }
        let wrongName = try CLIRunner.run(["shapes", "--model", model, "--shape", "nope=1x3x8x8"])
        #expect(wrongName.status == 1)
        #expect(wrongName.stderr.contains("nope"))
    }
}
