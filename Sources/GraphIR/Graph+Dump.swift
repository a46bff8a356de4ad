extension Graph {
    /// A readable listing: one line per node with its op, attributes, inputs and (when given)
    /// output shapes, e.g. `%5 = FullyConnected(num_hidden=128)(%3, %4) -> (1, 128)  dense0_fwd`.
    public func textDump(shapes: ShapeMap? = nil) -> String {
        var lines: [String] = []
        for (i, node) in nodes.enumerated() {
            let outs = (0..<node.op.outputCount).map { shapes?[Entry(node: i, output: $0)]?.description ?? "?" }
            let shapeText = shapes == nil ? "" : " -> " + outs.joined(separator: ", ")
            if node.isVariable {
                let kind = values[node.name] != nil ? "param" : "input"
                lines.append("%\(i) = \(kind)\(shapeText)  \(node.name)")
                continue
            }
            let attrs = node.op.mxnetAttributes.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            let args = node.inputs.map { $0.output == 0 ? "%\($0.node)" : "%\($0.node).\($0.output)" }
            let attrText = attrs.isEmpty ? "" : "[" + attrs.joined(separator: ", ") + "]"
            lines.append("%\(i) = \(node.op.mxnetName)\(attrText)(\(args.joined(separator: ", ")))\(shapeText)  \(node.name)")
        }
        let heads = outputs.map { $0.output == 0 ? "%\($0.node)" : "%\($0.node).\($0.output)" }
        lines.append("return " + heads.joined(separator: ", "))
        return lines.joined(separator: "\n")
    }
}
