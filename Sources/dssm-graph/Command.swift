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
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
        throw CLIError("cannot write \(path): it is a directory")
    }
    do { try Data(bytes).write(to: URL(fileURLWithPath: path)) } catch {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        let reason = FileManager.default.isWritableFile(atPath: folder) ? error.localizedDescription : "\(folder) is not a writable directory"
        throw CLIError("cannot write \(path): \(reason)")
    }
}

/// A failure the CLI reports in one line with exit status 1.
struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ message: String) { description = message }
}
