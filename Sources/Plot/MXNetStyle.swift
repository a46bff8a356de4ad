import GraphIR

/// The DOT that MXNet 1.9.1's `mx.viz.plot_network(symbol, title:, shape:, node_attrs:, hide_weights:)`
/// draws for the graph, node for node and edge for edge.
///
/// - Nodes are the ones the outputs need, named by their node names. Variables are ovals labelled
///   with their name, except parameter-like ones (`_weight`, `_bias`, `_beta`, `_gamma`,
///   `_moving_var`, `_moving_mean`, `_running_var`, `_running_mean`): with `hideWeights` they and
///   their edges are left out; without it only their node statement is (graphviz then draws them plain).
/// - Ops are boxes: `Convolution\n7x7/2x2, 64`, `FullyConnected\n128`, `Activation\nrelu`,
///   `Pooling\nmax, 3x3/2x2`; any other op is labelled with its node name. Colours are MXNet's by op.
/// - Edges run from consumer to producer with `dir=back`. With `shapes`, an edge is labelled with the
///   producer's output shape without its first dimension (`64x56x56`; empty for a vector); a
///   multi-output producer shows its `output` (or, with a `num_outputs` attribute, its last output),
///   whichever of its outputs the edge carries. Without shapes every edge label is empty.
/// - `nodeAttributes` override MXNet's defaults (`shape=box fixedsize=true width=1.3
///   height=0.8034 style=filled`); the default argument is the `{"fixedsize": "false"}` we plot with.
public func mxnetStyleDOT(_ graph: Graph, shapes: ShapeMap?, title: String = "plot",
                          nodeAttributes: DOTAttributes = ["fixedsize": "false"],
                          hideWeights: Bool = true) -> String {
    mxnetStyleDocument(graph, shapes: shapes, title: title, nodeAttributes: nodeAttributes, hideWeights: hideWeights).rendered
}

/// The document behind `mxnetStyleDOT`.
func mxnetStyleDocument(_ graph: Graph, shapes: ShapeMap?, title: String,
                        nodeAttributes: DOTAttributes, hideWeights: Bool) -> DOTGraph {
    var document = DOTGraph(name: title)
    let defaults: DOTAttributes = ["shape": "box", "fixedsize": "true", "width": "1.3", "height": "0.8034", "style": "filled"]
    let nodeDefaults = defaults.merging(nodeAttributes)
    let drawn = reachableNodes(graph)
    var hidden: Set<String> = []
    for index in drawn {
        let node = graph.nodes[index]
        var attributes = nodeDefaults
        if node.isVariable {
            if looksLikeWeight(node.name) {
                if hideWeights { hidden.insert(node.name) }
                continue
            }
            attributes["shape"] = "oval"
        }
        attributes["fillcolor"] = Palette.color(node.op)
        document.nodes.append(DOTNode(node.name, labelFirst(mxnetLabel(node), attributes)))
    }
    for index in drawn where !graph.nodes[index].isVariable {
        let node = graph.nodes[index]
        for input in node.inputs where graph.nodes.indices.contains(input.node) {
            let producer = graph.nodes[input.node]
            guard !hidden.contains(producer.name) else { continue }
            var attributes: DOTAttributes = ["dir": "back", "arrowtail": "open"]
            if let shapes {
                attributes["label"] = edgeLabel(mxnetEdgeEntry(graph, producer: input.node).flatMap { shapes[$0] })
            }
            document.edges.append(DOTEdge(node.name, producer.name, labelFirst(attributes["label"] ?? "", attributes)))
        }
    }
    return document
}

/// The label MXNet gives a node; a fused op (which MXNet does not have) is labelled by its parts.
func mxnetLabel(_ node: Node) -> String {
    switch node.op {
    case let .convolution(c): return convolutionLabel(c)
    case let .fullyConnected(f): return fullyConnectedLabel(f)
    case let .activation(kind): return "Activation\n\(kind.rawValue)"
    case let .pooling(p): return "Pooling\n\(p.kind.rawValue), \(dims(p.kernel))/\(dims(p.stride))"
    case let .fused(f): return f.label
    default: return node.name
    }
}

/// `Convolution\n7x7/2x2, 64`.
func convolutionLabel(_ c: Convolution) -> String { "Convolution\n\(dims(c.kernel))/\(dims(c.stride)), \(c.numFilter)" }

/// `FullyConnected\n128`.
func fullyConnectedLabel(_ f: FullyConnected) -> String { "FullyConnected\n\(f.numHidden)" }

/// `7x7`.
private func dims(_ values: [Int]) -> String { values.map(String.init).joined(separator: "x") }

/// The entry whose shape MXNet shows on edges leaving a producer: for a variable, itself; for an
/// op, the output MXNet lists as `<name>_output`, or `<name>_output<n-1>` when the op has a
/// `num_outputs` attribute; nil when the op has no output of that name.
private func mxnetEdgeEntry(_ graph: Graph, producer index: Int) -> Entry? {
    let op = graph.nodes[index].op
    guard op != .variable else { return Entry(node: index) }
    var name = "output"
    if let text = op.mxnetAttributes["num_outputs"], let count = Int(text) { name += String(count - 1) }
    return op.outputNames.firstIndex(of: name).map { Entry(node: index, output: $0) }
}

/// `label` first, then the other attributes by key, as Python's graphviz package writes them.
private func labelFirst(_ label: String, _ attributes: DOTAttributes) -> DOTAttributes {
    var out: DOTAttributes = ["label": label]
    for (key, value) in attributes.pairs.sorted(by: { $0.key < $1.key }) where key != "label" { out[key] = value }
    return out
}
