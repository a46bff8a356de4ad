import GraphIR

/// Checks that every pass of a pipeline keeps what the graph computes: runs the original graph
/// and the graph after each pass on the same inputs and compares their outputs.
///
/// Running a graph is the executor's job, which this module does not depend on: the caller
/// passes `evaluate`, typically `{ try compile($0, inputShapes: $1.mapValues(\.shape)).runOrdered($1) }`.
public struct NumericCheck: Sendable {
    /// Runs a graph on named inputs; returns its outputs in the order of `graph.outputs`.
    public typealias Evaluator = (_ graph: Graph, _ inputs: [String: Tensor]) throws -> [Tensor]

    /// The largest relative error a pass may leave.
    public var tolerance: Float

    public init(tolerance: Float = 1e-5) { self.tolerance = tolerance }

    /// Optimizes `graph` with `pipeline` for the inputs' shapes, then checks every pass.
    public func run(_ pipeline: [any Pass] = defaultPipeline, on graph: Graph, inputs: [String: Tensor],
                    evaluate: Evaluator) throws -> (report: PipelineReport, check: NumericReport) {
        let (_, report) = try optimize(graph, pipeline: pipeline, inputShapes: inputs.mapValues(\.shape))
        return (report, try check(report, inputs: inputs, evaluate: evaluate))
    }

    /// Compares the outputs after each pass of `report` with those of its original graph. A
    /// graph that fails to run counts as an infinite error, with the failure recorded; only a
    /// failure of the original graph is thrown.
    public func check(_ report: PipelineReport, inputs: [String: Tensor], evaluate: Evaluator) throws -> NumericReport {
        let expected = try evaluate(report.original, inputs)
        let steps = report.passes.map { pass -> NumericReport.Step in
            var step = NumericReport.Step(pass: pass.pass, maxAbsoluteError: .infinity, maxRelativeError: .infinity)
            let actual: [Tensor]
            do { actual = try evaluate(pass.graph, inputs) } catch {
                step.failure = "\(error)"
                return step
            }
            guard actual.count == expected.count else {
                step.failure = "\(actual.count) outputs instead of \(expected.count)"
                return step
            }
            (step.maxAbsoluteError, step.maxRelativeError) = (0, 0)
            for (mine, reference) in zip(actual, expected) {
                let (absolute, relative) = Self.errors(mine, reference)
                step.maxAbsoluteError = max(step.maxAbsoluteError, absolute)
                step.maxRelativeError = max(step.maxRelativeError, relative)
            }
            return step
        }
        return NumericReport(tolerance: tolerance, steps: steps)
    }

    /// The largest absolute error, and the largest relative error `|a − e| / max(|e|, floor)`
    /// where the floor is 1% of the reference's largest magnitude (at least 1e-6), so that
    /// elements near zero do not dominate. Infinite when shapes differ or a value is NaN.
    static func errors(_ actual: Tensor, _ expected: Tensor) -> (absolute: Float, relative: Float) {
        guard actual.shape == expected.shape else { return (.infinity, .infinity) }
        let floor = max(expected.scalars.reduce(0) { max($0, abs($1)) } / 100, 1e-6)
        var absolute: Float = 0, relative: Float = 0
        for (a, e) in zip(actual.scalars, expected.scalars) {
            let error = abs(a - e)
            if error.isNaN { return (.infinity, .infinity) }
            absolute = max(absolute, error)
            relative = max(relative, error / max(abs(e), floor))
        }
        return (absolute, relative)
    }
}

/// The errors a numeric check found after each pass, against the original graph.
public struct NumericReport: Sendable {
    /// The errors of the graph after one pass.
    public struct Step: Hashable, Sendable {
        public var pass: String
        public var maxAbsoluteError: Float
        public var maxRelativeError: Float
        /// Why the graph after the pass could not be compared (it failed to run, or has other outputs).
        public var failure: String?
    }

    /// The largest relative error a pass may leave.
    public var tolerance: Float
    public var steps: [Step]

    /// The first pass after which the relative error exceeds the tolerance; nil when none does.
    public var firstFailingPass: String? {
        steps.first { !($0.maxRelativeError <= tolerance) }?.pass
    }

    /// One line per pass with its errors, then the verdict.
    public var text: String {
        let width = steps.map(\.pass.count).max() ?? 0
        var lines = ["numeric check against the original graph (tolerance \(tolerance), relative):"]
        for step in steps {
            let padding = String(repeating: " ", count: width - step.pass.count)
            if let failure = step.failure {
                lines.append("  \(step.pass)\(padding)  FAILED: \(failure)")
                continue
            }
            let verdict = step.maxRelativeError <= tolerance ? "ok" : "EXCEEDS"
            lines.append("  \(step.pass)\(padding)  max abs \(step.maxAbsoluteError)  max rel \(step.maxRelativeError)  \(verdict)")
        }
        lines.append(firstFailingPass.map { "first pass past the tolerance: \($0)" } ?? "every pass within tolerance")
        return lines.joined(separator: "\n")
    }
}
