import Foundation
import GraphIR
import Runtime
import Testing
import TestSupport

/// Timings of the full DSSM, its image branch and its query tower; run with `DSSM_BENCH=1`
/// (`DSSM_BENCH_REPEATS` sets the runs per median). Prints one line per measurement.
@Suite(.serialized, .enabled(if: ProcessInfo.processInfo.environment["DSSM_BENCH"] != nil))
struct BenchmarkTests {
    private let repeats = Int(ProcessInfo.processInfo.environment["DSSM_BENCH_REPEATS"] ?? "") ?? 7

    @Test func wholeNetwork() throws {
        let benchmark = try DSSMBenchmark()
        for batch in [1, 8, 32] {
            let executable = try benchmark.compile(batch: batch)
            let (wall, cpu) = try DSSMBenchmark.time(executable, try DSSMBenchmark.feeds(batch: batch), repeats: repeats)
            print(String(format: "bench dssm b%d: %.1f ms (cpu %.1f ms), %.2f samples/s", batch, wall * 1e3, cpu * 1e3, Double(batch) / wall))
        }
    }

    @Test func imageBranch() throws {
        let benchmark = try DSSMBenchmark()
        for batch in [1, 8, 32] {
            let executable = try benchmark.compile(batch: batch, outputs: [DSSMBenchmark.imageOutput])
            let (wall, cpu) = try DSSMBenchmark.time(executable, try DSSMBenchmark.feeds(batch: batch), repeats: repeats)
            print(String(format: "bench image b%d: %.1f ms (cpu %.1f ms), %.2f images/s", batch, wall * 1e3, cpu * 1e3, Double(batch) / wall))
        }
        let single = try benchmark.compile(batch: 8, outputs: [DSSMBenchmark.imageOutput], threads: 1)
        let work = try DSSMBenchmark.threadTime(single, try DSSMBenchmark.feeds(batch: 8), repeats: repeats)
        print(String(format: "bench image b8 one thread: %.1f ms of thread CPU time per image", work * 1e3 / 8))
    }

    @Test func queryTower() throws {
        let benchmark = try DSSMBenchmark()
        for batch in [1, 256] {
            let executable = try benchmark.compile(batch: batch, outputs: [DSSMBenchmark.queryOutput])
            let (wall, cpu) = try DSSMBenchmark.time(executable, try DSSMBenchmark.feeds(batch: batch), repeats: batch == 1 ? 20 * repeats : repeats)
            print(String(format: "bench query b%d: %.3f ms (cpu %.3f ms)", batch, wall * 1e3, cpu * 1e3))
        }
        let single = try benchmark.compile(batch: 1, outputs: [DSSMBenchmark.queryOutput], threads: 1)
        let work = try DSSMBenchmark.threadTime(single, try DSSMBenchmark.feeds(batch: 1), repeats: 40 * repeats)
        print(String(format: "bench query b1 one thread: %.3f ms of thread CPU time", work * 1e3))
    }

    /// How far the full DSSM's similarities are from MXNet's (the fidelity test allows 1e-4).
    @Test func fidelityMargin() throws {
        let (reference, _) = try ReferenceCase.network("dssm_full")
        let executable = try compile(reference.graph, inputShapes: reference.inputs.mapValues(\.shape))
        let outputs = try executable.runOrdered(reference.inputs)
        print("bench fidelity: max relative error \(maxRelativeError(outputs[0], reference.outputs[0])) \(outputs[0].scalars) vs \(reference.outputs[0].scalars)")
    }

    /// The per-node and per-op-type profile at batch 32.
    @Test func profileAtBatch32() throws {
        let benchmark = try DSSMBenchmark()
        let executable = try benchmark.compile(batch: 32)
        let timings = try executable.profile(try DSSMBenchmark.feeds(batch: 32), repeats: max(repeats / 2, 1))
        for row in OpTiming.byOpType(timings) { print("bench op " + Self.describe(row)) }
        for row in timings.sorted(by: { $0.seconds > $1.seconds }).prefix(25) { print("bench node " + Self.describe(row)) }
    }

    /// The per-node profile of the query tower at batch 1.
    @Test func profileQueryTower() throws {
        let benchmark = try DSSMBenchmark()
        let executable = try benchmark.compile(batch: 1, outputs: [DSSMBenchmark.queryOutput])
        let feeds = try DSSMBenchmark.feeds(batch: 1).filter { name, _ in executable.inputs.contains { $0.name == name } }
        let timings = try executable.profile(feeds, repeats: 20 * repeats)
        for row in timings { print("bench query node " + Self.describe(row)) }
    }

    private static func describe(_ row: OpTiming) -> String {
        let rate = row.gflops.map { String(format: " %6.1f GFLOP/s", $0) } ?? ""
        return String(format: "%-62@ %3d × %8.2f ms %5.1f%%", row.name as NSString, row.nodes, row.seconds * 1e3, row.share * 100) + rate
    }
}
