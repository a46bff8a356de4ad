import Dispatch
import GraphIR

/// The time one node, or all nodes of one op type, took in a profiled run.
public struct OpTiming: Sendable, Equatable {
    /// The node's name, or the op type's name for a per-op-type total.
    public let name: String
    /// The MXNet op name (`Convolution`, `RNN`, …).
    public let op: String
    /// The number of nodes this timing covers (1 for a node).
    public let nodes: Int
    /// Seconds per run: the median over the profiled runs for a node, the sum of those
    /// medians for an op type.
    public let seconds: Double
    /// The fraction of the profiled total (all nodes' medians added up).
    public let share: Double
    /// Floating-point operations per run (a multiply-add counts two) for ops that are
    /// matrix products (Convolution, FullyConnected, RNN, batch_dot); nil otherwise.
    public let flops: Double?

    /// Achieved GFLOP/s, when `flops` is known and the time is not zero.
    public var gflops: Double? {
        guard let flops, seconds > 0 else { return nil }
        return flops / seconds / 1e9
    }

    /// Totals of `timings` per op type, largest first.
    public static func byOpType(_ timings: [OpTiming]) -> [OpTiming] {
        let total = timings.reduce(0) { $0 + $1.seconds }
        var groups: [String: (nodes: Int, seconds: Double, flops: Double?)] = [:]
        for timing in timings {
            let group = groups[timing.op] ?? (0, 0, timing.flops.map { _ in 0 })
            groups[timing.op] = (group.nodes + timing.nodes, group.seconds + timing.seconds,
                                 group.flops.map { $0 + (timing.flops ?? 0) })
        }
        return groups.map { op, group in
            OpTiming(name: op, op: op, nodes: group.nodes, seconds: group.seconds,
                     share: total > 0 ? group.seconds / total : 0, flops: group.flops)
        }
        .sorted { $0.seconds > $1.seconds }
    }
}

extension Executable {
    /// Ops whose `BoundKernel.cost` counts multiply-adds, plain or fused with an epilogue.
    private static let matrixOps: Set<String> = ["Convolution", "FullyConnected", "RNN", "batch_dot"]

    private static func countsMultiplyAdds(_ op: String) -> Bool {
        matrixOps.contains(op) || ["_fused_Convolution", "_fused_FullyConnected", "_fused_transpose_RNN"].contains { op.hasPrefix($0) }
    }

    /// Runs the graph `repeats` times (after one untimed warm-up run) timing every node, and
    /// returns one timing per executed node, in execution order.
    ///
    /// Nodes run one at a time with every thread, so independent nodes that a plain run
    /// overlaps are timed apart; the total can therefore exceed a plain run's time.
    public func profile(_ feeds: [String: Tensor], repeats: Int = 10) throws -> [OpTiming] {
        let order = levels.flatMap(\.steps)
        var samples = Array(repeating: [Double](), count: steps.count)
        for round in 0...max(repeats, 1) {
            _ = try withFedArena(feeds) { arena in
                for s in order {
                    let start = DispatchTime.now().uptimeNanoseconds
                    try perform(s, arena, threads: threads)
                    if round > 0 { samples[s].append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9) }
                }
            }
        }
        let medians = samples.map(Self.median)
        let total = medians.reduce(0, +)
        return order.map { s in
            let step = steps[s]
            return OpTiming(name: step.name, op: step.op, nodes: 1, seconds: medians[s],
                            share: total > 0 ? medians[s] / total : 0,
                            flops: Self.countsMultiplyAdds(step.op) ? 2 * step.kernel.cost : nil)
        }
    }

    private static func median(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }
}
