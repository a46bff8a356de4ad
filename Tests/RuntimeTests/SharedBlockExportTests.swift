import Foundation
import GraphIR
import Layers
import Runtime
import Testing

/// A block called twice shares its parameters through export and import.
struct SharedBlockExportTests {
    @Test func denseCalledTwiceExportsOneWeightAndOneBias() throws {
        let dense = try NameScope(prefix: "net_").enter { try Dense(5, inUnits: 3) }
        try dense.initialize(Xavier(), seed: 1)
        try dense.setParameter(dense.core.prefix + "bias", Tensor(shape: [5], scalars: [1, 2, 3, 4, 5]))
        let builder = GraphBuilder()
        let x = builder.variable("x"), y = builder.variable("y")
        let sum = try dense(x) + dense(y)
        let graph = try builder.graph(outputs: [sum])
        let names = graph.nodes.map(\.name)
        #expect(Set(names).count == names.count)
        #expect(graph.variableIndices.count == 4)

        let imported = try Graph(symbolJSON: Data(graph.symbolJSON().utf8))
        var bound = imported
        bound.values = graph.values
        let xs = try Tensor(shape: [4, 3], scalars: (0..<12).map { Float($0) / 10 })
        let ys = try Tensor(shape: [4, 3], scalars: (0..<12).map { 1 - Float($0) / 7 })
        let out = try compile(bound, inputShapes: ["x": [4, 3], "y": [4, 3]]).runOrdered(["x": xs, "y": ys])[0]

        let weight = try #require(graph.values[dense.core.prefix + "weight"]).scalars
        let bias: [Float] = [1, 2, 3, 4, 5]
        for row in 0..<4 {
            for unit in 0..<5 {
                var expected: Float = 2 * bias[unit]
                for k in 0..<3 { expected += weight[unit * 3 + k] * (xs.scalars[row * 3 + k] + ys.scalars[row * 3 + k]) }
                #expect(abs(out.scalars[row * 5 + unit] - expected) < 1e-5)
            }
        }
    }
}
