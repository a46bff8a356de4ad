import Foundation

/// A command-line usage error: the CLI prints it with the usage text and exits 2.
struct UsageError: Error, CustomStringConvertible {
    let description: String
    init(_ message: String) { description = message }
}

/// One option a subcommand accepts.
struct OptionSpec {
    /// The long name without dashes (`shape`), and an optional short alias (`o`).
    let name: String
    let short: Character?
    /// Whether the option takes a value (`--batch 8`) or is a flag (`--quick`).
    let takesValue: Bool
    /// Whether it may be given several times (`--shape`).
    let repeatable: Bool

    static func value(_ name: String, short: Character? = nil, repeatable: Bool = false) -> OptionSpec {
        OptionSpec(name: name, short: short, takesValue: true, repeatable: repeatable)
    }

    static func flag(_ name: String) -> OptionSpec {
        OptionSpec(name: name, short: nil, takesValue: false, repeatable: false)
    }
}

/// Parsed options of one subcommand: `--name value`, `--name=value`, `-o value`, flags.
struct Arguments {
    private var values: [String: [String]] = [:]
    private var flags: Set<String> = []

    /// Parses `arguments` against `specs`; unknown options, missing values and stray words are usage errors.
    init(_ arguments: [String], specs: [OptionSpec]) throws {
        var rest = arguments[...]
        while let word = rest.popFirst() {
            let (key, inline) = Arguments.split(word)
            guard let spec = specs.first(where: { key == "--" + $0.name || ($0.short.map { key == "-" + String($0) } ?? false) }) else {
                throw UsageError(word.hasPrefix("-") ? "unknown option '\(word)'" : "unexpected argument '\(word)'")
            }
            if !spec.takesValue {
                guard inline == nil else { throw UsageError("option --\(spec.name) takes no value") }
                flags.insert(spec.name)
                continue
            }
            guard let value = inline ?? rest.popFirst() else { throw UsageError("option --\(spec.name) needs a value") }
            guard spec.repeatable || values[spec.name] == nil else { throw UsageError("option --\(spec.name) is given twice") }
            values[spec.name, default: []].append(value)
        }
    }

    private static func split(_ word: String) -> (String, String?) {
        guard word.hasPrefix("--"), let eq = word.firstIndex(of: "=") else { return (word, nil) }
        return (String(word[..<eq]), String(word[word.index(after: eq)...]))
    }

    /// The option's value, if given.
    func value(_ name: String) -> String? { values[name]?.first }

    /// Every value of a repeatable option.
    func all(_ name: String) -> [String] { values[name] ?? [] }

    /// Whether a flag is set.
    func has(_ name: String) -> Bool { flags.contains(name) }

    /// A positive integer option, or `defaultValue` when absent.
    func positiveInt(_ name: String, default defaultValue: Int, allowZero: Bool = false) throws -> Int {
        guard let text = value(name) else { return defaultValue }
        guard let number = Int(text), number > 0 || (allowZero && number == 0), number < 1 << 31 else {
            throw UsageError("--\(name) needs a \(allowZero ? "non-negative" : "positive") whole number, found '\(text)'")
        }
        return number
    }

    /// `--threads`: 1 to 1024, default every core.
    func threadCount() throws -> Int {
        let threads = try positiveInt("threads", default: ProcessInfo.processInfo.activeProcessorCount)
        guard threads <= 1024 else { throw UsageError("--threads takes 1 to 1024, found \(threads)") }
        return threads
    }

    /// `--seed`: a 32-bit seed, default 0.
    func seed() throws -> UInt32 {
        guard let text = value("seed") else { return 0 }
        guard let seed = UInt32(text) else { throw UsageError("--seed takes a whole number from 0 to 4294967295, found '\(text)'") }
        return seed
    }

    /// A choice among fixed words, or `defaultValue` when absent.
    func choice(_ name: String, from options: [String], default defaultValue: String) throws -> String {
        guard let text = value(name) else { return defaultValue }
        guard options.contains(text) else {
            throw UsageError("--\(name) must be one of \(options.joined(separator: ", ")), found '\(text)'")
        }
        return text
    }
}
