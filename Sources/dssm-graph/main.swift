import Foundation

let commands: [any Command.Type] = [
    PlotCommand.self, ShapesCommand.self, SummaryCommand.self, RunCommand.self, OptimizeCommand.self, BenchCommand.self, ExportCommand.self,
]

let toolUsage = """
    usage: dssm-graph <command> [options]

    A symbolic graph compiler and visualizer for the DSSM recommender and MXNet exports.

    commands:
    \(commands.map { "  " + $0.name.padding(toLength: 10, withPad: " ", startingAt: 0) + $0.summary }.joined(separator: "\n"))

    Run 'dssm-graph <command> --help' for a command's options.
    """

@MainActor
func main() -> Int32 {
    let arguments = Array(CommandLine.arguments.dropFirst())
    guard let first = arguments.first else {
        printError(toolUsage)
        return 2
    }
    if first == "--help" || first == "-h" || first == "help" {
        print(toolUsage)
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
