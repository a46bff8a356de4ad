import GraphIR

/// Parses `--shape NAME=D1xD2x...` options into named shapes.
func parseShapeOptions(_ texts: [String]) throws -> [String: Shape] {
    var shapes: [String: Shape] = [:]
    for text in texts {
        let parts = text.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty else {
            throw UsageError("--shape expects NAME=D1xD2x..., found '\(text)'")
        }
        let dims = parts[1].split(separator: "x", omittingEmptySubsequences: false).map { Int($0) }
        guard !dims.isEmpty, dims.allSatisfy({ ($0 ?? 0) > 0 && ($0 ?? 0) < 1 << 31 }) else {
            throw UsageError("--shape \(parts[0]): '\(parts[1])' is not dimensions like 1x3x224x224 (positive whole numbers)")
        }
        let name = String(parts[0])
        guard shapes[name] == nil else { throw UsageError("--shape \(name) is given twice") }
        shapes[name] = Shape(dims.compactMap { $0 })
    }
    return shapes
}
