import GraphIR
import Passes
import Testing
import TestSupport

/// Dropout removal, common-subexpression and dead-code elimination.
struct EliminationTests {
    private let x = recipe("x", [2, 3])

    @Test func dropoutDisappearsAndItsConsumerReadsItsInput() throws {
        let before = try graph { g in
            let dense = g.apply(.fullyConnected(FullyConnected(numHidden: 2)), name: "fc", [g.variable("x"), g.variable("w"), g.variable("b")])
            let dropped = g.apply(.dropout(p: 0.5), name: "drop", [dense])
            g.values = ["w": recipe("w", [2, 3]), "b": recipe("b", [2])]
            return [g.apply(.activation(.relu), name: "act", [dropped])]
        }
        let expected = try graph { g in
            let dense = g.apply(.fullyConnected(FullyConnected(numHidden: 2)), name: "fc", [g.variable("x"), g.variable("w"), g.variable("b")])
            g.values = ["w": recipe("w", [2, 3]), "b": recipe("b", [2])]
            return [g.apply(.activation(.relu), name: "act", [dense])]
        }
        let report = try expectRewrite(EliminateDropout(), before, expected, inputs: ["x": x])
        #expect(report.rewrites.map(\.nodes) == [["drop"]])
    }

    @Test func dropoutAsTheGraphOutputHandsTheOutputToItsInput() throws {
        let before = try graph { g in [g.apply(.dropout(p: 0.5), name: "drop", [g.apply(.unary(.exp), name: "e", [g.variable("x")])])] }
        let expected = try graph { g in [g.apply(.unary(.exp), name: "e", [g.variable("x")])] }
        try expectRewrite(EliminateDropout(), before, expected, inputs: ["x": x])
    }

    @Test func identicalNodesMergeIntoTheFirst() throws {
        let before = try graph { g in
            let input = g.variable("x")
            let a = g.apply(.unary(.exp), name: "a", [input])
            let b = g.apply(.unary(.exp), name: "b", [input])
            let c = g.apply(.scalar(.plus, 1), name: "c", [a])
            let d = g.apply(.scalar(.plus, 1), name: "d", [b])
            return [g.apply(.elemwise(.mul), name: "m", [c, d])]
        }
        let expected = try graph { g in
            let a = g.apply(.unary(.exp), name: "a", [g.variable("x")])
            let c = g.apply(.scalar(.plus, 1), name: "c", [a])
            return [g.apply(.elemwise(.mul), name: "m", [c, c])]
        }
        let report = try expectRewrite(EliminateCommonSubexpressions(), before, expected, inputs: ["x": x])
        #expect(report.rewrites.map(\.nodes) == [["a", "b"], ["c", "d"]])
    }

    @Test func differentAttributesAreNotCommon() throws {
        let before = try graph { g in
            let input = g.variable("x")
            return [g.apply(.elemwise(.add), name: "sum", [g.apply(.scalar(.plus, 1), name: "a", [input]),
                                                          g.apply(.scalar(.plus, 2), name: "b", [input])])]
        }
        try expectRewrite(EliminateCommonSubexpressions(), before, before, inputs: ["x": x])
    }

    @Test func deadNodesAndTheirParametersGoButInputsStay() throws {
        let before = try graph { g in
            let input = g.variable("x")
            _ = g.apply(.elemwise(.add), name: "dead", [g.variable("unused_input"), g.variable("unused_weight")])
            g.values = ["unused_weight": recipe("unused_weight", [2, 3])]
            return [g.apply(.unary(.exp), name: "live", [input])]
        }
        let expected = try graph { g in
            let input = g.variable("x")
            _ = g.variable("unused_input")
            return [g.apply(.unary(.exp), name: "live", [input])]
        }
        let report = try expectRewrite(EliminateDeadCode(), before, expected, inputs: ["x": x, "unused_input": x])
        #expect(report.rewrites.map(\.nodes) == [["unused_weight", "dead"]])
        #expect(report.refusals.map(\.candidate) == ["unused_input"])
    }
}
