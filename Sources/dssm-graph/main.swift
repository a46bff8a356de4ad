import Foundation

let commands: [any Command.Type] = [
    PlotCommand.self, ShapesCommand.self, SummaryCommand.self, RunCommand.self, OptimizeCommand.self, BenchCommand.self, ExportCommand.self,
]

/// The tool's version.
let version = "0.1.0"

let toolUsage = """
    usage: dssm-graph <command> [options]

    A symbolic graph compiler and visualizer for the DSSM recommender and MXNet exports.

    commands:
    \(commands.map { "  " + $0.name.padding(toLength: 10, withPad: " ", startingAt: 0) + $0.summary }.joined(separator: "\n"))

    Run 'dssm-graph <command> --help' (or 'dssm-graph help <command>') for a command's options,
    'dssm-graph --version' for the version.
    """

@MainActor
func main() -> Int32 {
    let arguments = Array(CommandLine.arguments.dropFirst())
    guard let first = arguments.first else {
        printError(toolUsage)
        return 2
    }
    if first == "--version" {
        print("dssm-graph \(version)")
        return 0
    }
    if first == "--help" || first == "-h" || first == "help" {
        let topic = arguments.dropFirst().first
        print(commands.first { $0.name == topic }?.usage ?? toolUsage)
        return 0
    }
    guard let command = commands.first(where: { $0.name == first }) else {
        printError("dssm-graph: unknown command '\(first)'\n\n" + toolUsage)
        return 2
    }
    let rest = Array(arguments.dropFirst())
    if rest.contains("--help") || rest.contains("-h") {
        print(command.usage)
        return 0
    }
    do {
        try command.run(rest)
        return 0
    } catch let error as UsageError {
        printError("dssm-graph \(command.name): \(error)\n\n" + command.usage)
        return 2
    } catch {
        printError("dssm-graph \(command.name): " + "\(error)".replacingOccurrences(of: "\n", with: " "))
        return 1
    }
}

exit(main())
