import GraphIR

/// An outer cluster drawn around some layers, such as one tower of a two-tower model.
public struct LayerGroup: Hashable, Sendable {
    /// The cluster's title.
    public var label: String
    /// What the group holds, by name: a scope (`net0_lstm0_` or `net0_lstm0`, the whole layer),
    /// a node (`net0_mean0`) or an input (`query_text`). A prefix matches on a `_` boundary, so
    /// `net0_dense1` does not take `net0_dense10`. A node goes to the first group that matches it.
    public var layerPrefixes: [String]

    public init(label: String, layerPrefixes: [String]) {
        self.label = label; self.layerPrefixes = layerPrefixes
    }
}

/// A DOT drawing of the graph by layer: op nodes clustered by the Gluon name scopes of their names
/// (each layer such as `…_dense0_` or `…_lstm0_` a cluster, nested in its parent scopes such as
/// `…_resnetv20_stage1_`), inside the caller's `groups` when given; inputs stay outside.
///
/// Parameters are not drawn but counted: each cluster's label gives the parameter count of its
/// layers (from the parameters' shapes) and the multiply-adds of its FullyConnected, Convolution,
/// RNN and batch_dot ops for the given shapes. Constant plumbing — the LSTM's `Reshape`s of its
/// weights, `_rnn_param_concat` and `_zeros` begin states — is folded into the op it feeds.
/// Data flows top to bottom, edges run producer to consumer and, with `shapes`, are labelled
/// with the shape they carry without its first dimension; nodes have MXNet's colours.
///
/// An optimized graph's fused ops read like their parts (`Convolution\n3x3/1x1, 64\n+ relu`),
/// have the colour and the multiply-adds of their Convolution, FullyConnected, BatchNorm or RNN,
/// and sit in that op's layer, found from its weight (`…_conv0_folded_weight` is in `…_conv0`).
public func layerStyleDOT(_ graph: Graph, shapes: ShapeMap?, groups: [LayerGroup] = [], title: String = "plot") -> String {
    layerStyleDocument(graph, shapes: shapes, groups: groups, title: title).rendered
}

/// The document behind `layerStyleDOT`.
func layerStyleDocument(_ graph: Graph, shapes: ShapeMap?, groups: [LayerGroup], title: String) -> DOTGraph {
    let plan = FoldPlan(graph)
    let costs = nodeCosts(graph, plan: plan, shapes: shapes ?? (try? graph.inferShapes([:], requireComplete: false)))
    var scopes: [Int: [String]] = [:]
    var names: [Int: String] = [:]
    for i in plan.drawn {
        names[i] = graph.nodes[i].name
        scopes[i] = graph.nodes[i].isVariable ? [] : nameScopes(layerName(graph, node: i))
    }
    let paths = clusterPaths(scopes: scopes, names: names, groups: groups)
    var tree = ClusterTree()
    for i in plan.drawn { tree.add(node: i, path: paths[i] ?? [], cost: costs[i] ?? Cost()) }

    var document = DOTGraph(name: title)
    let total = tree.clusters[0].cost.summary
    document.attributes = ["rankdir": "TB", "newrank": "true", "label": total.isEmpty ? title : title + "\n" + total,
                           "labelloc": "t", "fontname": "Helvetica", "fontsize": "14", "nodesep": "0.25", "ranksep": "0.35"]
    document.nodeDefaults = ["shape": "box", "style": "rounded,filled", "fontname": "Helvetica", "fontsize": "10",
                             "height": "0.3", "margin": "0.08,0.04"]
    document.edgeDefaults = ["fontname": "Helvetica", "fontsize": "8", "arrowsize": "0.6", "color": "#555555"]
    let inputs = tree.clusters[0].nodes.filter { graph.nodes[$0].isVariable }
    document.nodes = tree.clusters[0].nodes.filter { !graph.nodes[$0].isVariable }.map { layerNode(graph.nodes[$0]) }
    if !inputs.isEmpty {
        document.subgraphs.append(DOTSubgraph("inputs", attributes: ["rank": "source"], nodes: inputs.map { layerNode(graph.nodes[$0]) }))
    }
    document.subgraphs += tree.clusters[0].children.map { tree.subgraph($0, enclosingScope: nil, graph: graph, groups: groups) }

    let drawn = Set(plan.drawn)
    for i in plan.drawn {
        for input in graph.nodes[i].inputs where drawn.contains(input.node) {
            var attributes: DOTAttributes = [:]
            let label = shapes.map { edgeLabel($0[input]) } ?? ""
            if !label.isEmpty { attributes["label"] = label }
            document.edges.append(DOTEdge(graph.nodes[input.node].name, graph.nodes[i].name, attributes))
        }
    }
    return document
}

/// Clusters keyed by their paths, each with its drawn nodes and the cost of everything inside.
private struct ClusterTree {
    struct Cluster {
        var id: String
        var key: ClusterKey?
        var children: [Int] = []
        var nodes: [Int] = []
        var cost = Cost()
    }

    /// Index 0 is the graph itself.
    var clusters = [Cluster(id: "", key: nil)]
    private var index: [[ClusterKey]: Int] = [[]: 0]

    mutating func add(node: Int, path: [ClusterKey], cost: Cost) {
        var current = 0
        clusters[0].cost = clusters[0].cost + cost
        for depth in path.indices {
            let prefix = Array(path[...depth])
            if let existing = index[prefix] {
                current = existing
            } else {
                let id = "cluster_" + prefix.map { key -> String in
                    switch key {
                    case let .scope(name): return name
                    case let .group(g): return "group\(g)"
                    }
                }.joined(separator: "/")
                clusters.append(Cluster(id: id, key: path[depth]))
                clusters[current].children.append(clusters.count - 1)
                current = clusters.count - 1
                index[prefix] = current
            }
            clusters[current].cost = clusters[current].cost + cost
        }
        clusters[current].nodes.append(node)
    }

    /// The subgraph of cluster `c`: a layer (a scope with no scopes inside), a parent scope or a group.
    func subgraph(_ c: Int, enclosingScope: String?, graph: Graph, groups: [LayerGroup]) -> DOTSubgraph {
        let cluster = clusters[c]
        var attributes: DOTAttributes
        let title: String
        var scope = enclosingScope
        switch cluster.key {
        case let .scope(name)?:
            title = scopeTitle(name, parent: enclosingScope)
            scope = name
            attributes = cluster.children.isEmpty
                ? ["style": "rounded,filled", "fillcolor": "#f5f5f5", "color": "#aaaaaa", "fontsize": "9"]
                : ["style": "rounded,dashed", "color": "#777777", "fontsize": "11"]
        case let .group(g)?:
            title = g < groups.count ? groups[g].label : ""
            attributes = ["style": "rounded,bold", "color": "#333333", "fontsize": "13"]
        case nil:
            title = ""
            attributes = [:]
        }
        let summary = cluster.cost.summary
        attributes["label"] = summary.isEmpty ? title : title + "\n" + summary
        attributes["labeljust"] = "l"
        attributes["fontname"] = "Helvetica"
        return DOTSubgraph(cluster.id, attributes: attributes,
                           nodes: cluster.nodes.map { layerNode(graph.nodes[$0]) },
                           subgraphs: cluster.children.map { subgraph($0, enclosingScope: scope, graph: graph, groups: groups) })
    }
}

/// A drawn node of the layer style: labelled by its op, with its full name as tooltip.
private func layerNode(_ node: Node) -> DOTNode {
    var attributes: DOTAttributes = ["label": layerLabel(node), "fillcolor": Palette.color(node.op), "tooltip": node.name]
    if node.isVariable { attributes["shape"] = "oval" }
    return DOTNode(node.name, attributes)
}

private func layerLabel(_ node: Node) -> String {
    switch node.op {
    case .variable:
        return node.name
    case .batchNorm:
        return "BatchNorm"
    case .convolution, .fullyConnected, .activation, .fused:
        return mxnetLabel(node)
    case let .pooling(p):
        return p.globalPool ? "Pooling\nglobal \(p.kind.rawValue)" : mxnetLabel(node)
    case let .embedding(e):
        return "Embedding\n\(e.inputDim) -> \(e.outputDim)"
    case let .rnn(r):
        return rnnLabel(r)
    default:
        let attributes = node.op.mxnetAttributes
        let detail = ["axis", "axes", "dim", "p", "scalar", "shape"].first { attributes[$0] != nil }
        return node.op.mxnetName + (detail.map { "\n\($0)=\(attributes[$0] ?? "")" } ?? "")
    }
}
