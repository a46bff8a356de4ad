import GraphIR

/// A plain-text table: padded columns, a rule under the header, an optional footer.
struct TextTable {
    var header: [String]
    var rows: [[String]]
    /// Columns aligned to the right (counts).
    var rightAligned: Set<Int> = []
    var footer: [String] = []

    func rendered() -> String {
        let columns = header.indices
        let widths = columns.map { column in
            ([header] + rows).map { column < $0.count ? $0[column].count : 0 }.max() ?? 0
        }
        func line(_ cells: [String]) -> String {
            columns.map { column in
                let cell = column < cells.count ? cells[column] : ""
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                return rightAligned.contains(column) ? padding + cell : cell + padding
            }.joined(separator: "  ").trimmingTrailingSpaces()
        }
        let rule = String(repeating: "-", count: widths.reduce(0, +) + 2 * max(widths.count - 1, 0))
        var lines = [line(header), rule] + rows.map(line)
        if !footer.isEmpty { lines += [String(repeating: "=", count: rule.count)] + footer }
        return lines.joined(separator: "\n") + "\n"
    }
}

extension String {
    fileprivate func trimmingTrailingSpaces() -> String {
        String(reversed().drop { $0 == " " }.reversed())
    }
}

/// `(1, 128)`, several shapes joined by commas, `?` for an unknown one.
func describe(_ shapes: [Shape?]) -> String {
    shapes.map { $0?.description ?? "?" }.joined(separator: ", ")
}
