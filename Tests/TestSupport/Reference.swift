import Foundation
import GraphIR

/// Access to the MXNet reference data in `../shared/reference` (or `$DSSM_REFERENCE`).
public enum Reference {
    /// The reference directory.
    public static let root: URL = {
        if let env = ProcessInfo.processInfo.environment["DSSM_REFERENCE"] {
            return URL(fileURLWithPath: env)
        }
        return packageRoot.deletingLastPathComponent().appendingPathComponent("shared/reference")
    }()

    /// The package's root directory (the folder holding Package.swift).
    public static let packageRoot: URL = {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }()

    /// The URL of a reference file given its path relative to the reference root.
    public static func url(_ relativePath: String) -> URL {
        root.appendingPathComponent(relativePath)
    }

    /// The parsed JSON of a reference file.
    public static func json(_ relativePath: String) throws -> [String: Any] {
        let data = try Data(contentsOf: url(relativePath))
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw ReferenceError.format(relativePath, "top level is not an object")
        }
        return object
    }

    /// The names of the one-op cases in `ops/`, without the `.json` suffix.
    public static func opCases() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: url("ops").path)
            .filter { $0.hasSuffix(".json") }
            .map { String($0.dropLast(5)) }
            .sorted()
    }

    /// Decodes `{"shape": [...], "data": [...]}` into a tensor.
    public static func tensor(_ object: Any?) throws -> Tensor {
        guard let dict = object as? [String: Any],
              let shape = dict["shape"] as? [Int],
              let data = dict["data"] as? [Double]
        else { throw ReferenceError.format("tensor", "expected {shape, data}") }
        return try Tensor(shape: Shape(shape), scalars: data.map { Float($0) })
    }

    /// The raw bytes of a reference file's `symbol` object (for the one-op cases) as JSON data.
    public static func symbolData(ofCase object: [String: Any]) throws -> Data {
        guard let symbol = object["symbol"] else { throw ReferenceError.format("case", "no symbol") }
        return try JSONSerialization.data(withJSONObject: symbol)
    }
}

/// A reference file is not in the form the tests expect.
public enum ReferenceError: Error, CustomStringConvertible {
    case format(String, String)

    public var description: String {
        switch self {
        case let .format(file, message): return "\(file): \(message)"
        }
    }
}
