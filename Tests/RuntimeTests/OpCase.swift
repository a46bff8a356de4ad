import GraphIR
import Runtime
import TestSupport

/// One node of a reference case's MXNet symbol.
struct SymbolNode {
    let op: String
    let name: String
    let attributes: [String: String]
    let inputs: [Int]
}

/// A reference case from `ops/NAME.json`: its symbol's nodes, inputs and first output.
struct OpCase {
    let nodes: [SymbolNode]
    let inputs: [String: Tensor]
    let output: Tensor

    init(_ name: String) throws {
        let json = try Reference.json("ops/\(name).json")
        guard let symbol = json["symbol"] as? [String: Any],
              let nodes = symbol["nodes"] as? [[String: Any]],
              let inputs = json["inputs"] as? [String: Any],
              let outputs = json["outputs"] as? [Any], let first = outputs.first
        else { throw ReferenceError.format(name, "expected symbol, inputs and outputs") }
        self.nodes = nodes.map { node in
            SymbolNode(
                op: node["op"] as? String ?? "",
                name: node["name"] as? String ?? "",
                attributes: node["attrs"] as? [String: String] ?? [:],
                inputs: (node["inputs"] as? [[Int]] ?? []).compactMap(\.first))
        }
        self.inputs = try inputs.mapValues { try Reference.tensor($0) }
        self.output = try Reference.tensor(first)
    }

    /// The attributes of the last operator node (the case's op).
    var attributes: [String: String] { nodes.last { $0.op != "null" }?.attributes ?? [:] }

    /// An input tensor by variable name.
    func input(_ name: String) throws -> Tensor {
        guard let tensor = inputs[name] else { throw ReferenceError.format(name, "no such input") }
        return tensor
    }

    /// An integer tuple attribute such as `(3, 3)`, or `fallback` when absent.
    func ints(_ key: String, _ fallback: [Int] = []) -> [Int] {
        guard let text = attributes[key] else { return fallback }
        return text.split { "(), ".contains($0) }.compactMap { Int($0) }
    }

    /// A 2-D attribute, or `fallback` when absent.
    func size(_ key: String, _ fallback: Size2D) -> Size2D {
        let values = ints(key)
        return values.count == 2 ? Size2D(values[0], values[1]) : fallback
    }

    /// A boolean attribute (`True`/`False`, `1`/`0`).
    func flag(_ key: String, _ fallback: Bool = false) -> Bool {
        guard let text = attributes[key] else { return fallback }
        return text == "True" || text == "1" || text == "true"
    }
}

/// A tensor of `shape` holding `values`.
func tensor(_ shape: [Int], _ values: [Float]) throws -> Tensor {
    try Tensor(shape: Shape(shape), scalars: values)
}

/// `count` NaNs: an output buffer whose every element the kernel must write.
func unwritten(_ count: Int) -> [Float] { Array(repeating: .nan, count: count) }

/// Deterministic pseudo-random values in [-1, 1).
func randomValues(_ count: Int, seed: UInt64) -> [Float] {
    var state = seed
    return (0..<count).map { _ in
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Float(state >> 40) / Float(1 << 23) - 1
    }
}
