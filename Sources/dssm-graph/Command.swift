import Foundation

/// A subcommand of `dssm-graph`.
protocol Command {
    /// The word that selects it (`shapes`).
    static var name: String { get }
    /// One line for the tool's help.
    static var summary: String { get }
    /// The full usage text shown by `--help` and after a usage error.
    static var usage: String { get }
    /// Runs with the arguments after the subcommand's name.
    static func run(_ arguments: [String]) throws
}

/// Writes a line to standard error.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// Writes bytes to a file, naming the file in the error.
func writeFile(_ bytes: [UInt8], to path: String) throws {
    do { try Data(bytes).write(to: URL(fileURLWithPath: path)) } catch {
        throw CLIError("cannot write \(path): \(error.localizedDescription)")
    }
}

/// A failure the CLI reports in one line with exit status 1.
struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ message: String) { description = message }
}
