import Foundation
import GraphIR
import Layers
import Models
import Passes
import Runtime

/// `dssm-graph bench`: medians of repeated runs of the example, its image branch and its query tower.
enum BenchCommand: Command {
    static let name = "bench"
    static let summary = "time the example, its image branch and its query tower (medians)"
    static let usage = """
        usage: dssm-graph bench [--quick] [--threads N] [--no-optimize] [--format text|json]
               dssm-graph bench --profile B [--threads N] [--no-optimize]

        Compiles the DSSM example (seeded Xavier weights, optimized) and reports medians of repeated
        runs after a warm-up: the whole network at batch 1, 8 and 32 (--quick: 1 and 8), the image
        branch alone (ResNet-18 v2 features + its dense layer) at the same batches, the query tower
        alone (user + query text -> query embedding) at batch 1 and 256, the compile time, each plan's
        arena and the process's peak resident memory. Progress goes to standard error.

          --quick          batches 1 and 8 only, fewer repeats
          --threads N      threads to run with (default: all cores)
          --no-optimize    time the graph as traced, without the fusion passes
          --format F       text (default) or json: one object with the measured keys (the text output
                           also names the thread count)
          --profile B      instead, time every node of the whole network at batch B and print the
                           time per op type: share, nodes and GFLOP/s
        """

    /// The image branch's and the query tower's outputs in the example's graph.
    static let imageBranchOutput = "dssmrecommendernetwork0_dense4_relu_fwd_output"
    static let queryTowerOutput = "dssmrecommendernetwork0_dense2_relu_fwd_output"

    static func run(_ arguments: [String]) throws {
        let args = try Arguments(arguments, specs: [.flag("quick"), .value("threads"), .value("format"), .flag("no-optimize"), .value("profile")])
        let quick = args.has("quick")
        let threads = try args.threadCount()
        let format = try args.choice("format", from: ["text", "json"], default: "text")
        let optimizing = !args.has("no-optimize")
        let network = try DSSMRecommenderNetwork()
        try network.initialize(Xavier(), seed: 0)
        if args.value("profile") != nil {
            let batch = try args.positiveInt("profile", default: 1)
            let (executable, feeds) = try compiled(try workload(network, batch: batch, optimizing: optimizing), threads: threads)
            progress("profile of the whole network, batch \(batch)")
            print(profileText(try executable.profile(feeds, repeats: 3), batch: batch))
            return
        }
        var results: [(String, Double)] = []
        let compileStart = now()
        let single = try workload(network, batch: 1, optimizing: optimizing)
        _ = try compiled(single, threads: threads)
        results.append(("compile_ms", (now() - compileStart) * 1000))
        for batch in quick ? [1, 8] : [1, 8, 32] {
            let work = batch == 1 ? single : try workload(network, batch: batch, optimizing: optimizing)
            progress("whole network, batch \(batch)")
            let (executable, feeds) = try compiled(work, threads: threads)
            let seconds = try median(executable, feeds, repeats: repeats(batch, quick))
            results.append(("dssm_b\(batch)_samples_per_s", Double(batch) / seconds))
            results.append(("arena_bytes_b\(batch)", Double(executable.arenaBytes)))
            progress("image branch, batch \(batch)")
            let (image, imageFeeds) = try compiled(work, threads: threads, outputs: [imageBranchOutput])
            results.append(("image_branch_b\(batch)_samples_per_s", Double(batch) / (try median(image, imageFeeds, repeats: repeats(batch, quick)))))
        }
        for batch in [1, 256] {
            progress("query tower, batch \(batch)")
            let work = batch == 1 ? single : try workload(network, batch: batch, optimizing: optimizing)
            let (tower, feeds) = try compiled(work, threads: threads, outputs: [queryTowerOutput])
            results.append(("query_tower_b\(batch)_ms", try median(tower, feeds, repeats: batch == 1 ? 50 : 5) * 1000))
        }
        results.append(("peak_rss_bytes", Double(peakResidentBytes())))
        print(format == "json" ? json(results) : text(results, threads: threads))
    }

    /// The example's graph for one batch size (after the default passes when `optimizing`)
    /// with seeded inputs: traced once, compiled for each part the bench times.
    private struct Workload {
        let graph: Graph
        let shapes: [String: Shape]
        let feeds: [String: Tensor]
    }

    private static func workload(_ network: DSSMRecommenderNetwork, batch: Int, optimizing: Bool) throws -> Workload {
        let shapes = ExampleNetwork.dssm.defaultShapes(batch: batch)
        let traced = try network.graph(outputs: [.score], inputShapes: shapes)
        let graph = optimizing ? try optimize(traced, inputShapes: shapes).graph : traced
        return Workload(graph: graph, shapes: shapes, feeds: try ExampleModel.inputs(batch: batch, seed: 1))
    }

    /// The workload compiled for `outputs` (nil: the whole network), with the feeds it reads.
    private static func compiled(_ work: Workload, threads: Int, outputs: [String]? = nil) throws -> (Executable, [String: Tensor]) {
        let executable = try compile(work.graph, inputShapes: work.shapes, options: CompileOptions(threads: threads, outputs: outputs))
        let needed = Set(executable.inputs.map(\.name))
        return (executable, work.feeds.filter { needed.contains($0.key) })
    }

    private static func repeats(_ batch: Int, _ quick: Bool) -> Int {
        quick ? (batch > 1 ? 3 : 5) : (batch >= 32 ? 5 : batch > 1 ? 7 : 11)
    }

    /// The median wall time of `repeats` runs after one warm-up run.
    private static func median(_ executable: Executable, _ feeds: [String: Tensor], repeats: Int) throws -> Double {
        _ = try executable.runOrdered(feeds)
        var times: [Double] = []
        for _ in 0..<repeats {
            let start = now()
            _ = try executable.runOrdered(feeds)
            times.append(now() - start)
        }
        times.sort()
        return times[times.count / 2]
    }

    private static func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

    private static func progress(_ text: String) { printError("bench: \(text) …") }

    /// The process's peak resident set size (Linux reports kilobytes).
    private static func peakResidentBytes() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return usage.ru_maxrss * 1024
    }

    /// Time per op type, largest first.
    private static func profileText(_ timings: [OpTiming], batch: Int) -> String {
        let rows = OpTiming.byOpType(timings).map { t in
            t.op.padding(toLength: 34, withPad: " ", startingAt: 0)
                + String(format: "%5.1f%%  %4d nodes  %9.2f ms", t.share * 100, t.nodes, t.seconds * 1000)
                + (t.gflops.map { String(format: "  %6.1f GFLOP/s", $0) } ?? "")
        }
        return (["time per op type, whole network at batch \(batch):"] + rows).joined(separator: "\n")
    }

    private static func json(_ results: [(String, Double)]) -> String {
        let fields = results.map { key, value in
            "\"\(key)\": " + (key.hasSuffix("_bytes") || key.contains("bytes_b") ? String(Int(value)) : String(format: "%.3f", value))
        }
        return "{" + fields.joined(separator: ", ") + "}"
    }

    private static func text(_ results: [(String, Double)], threads: Int) -> String {
        let width = results.map(\.0.count).max() ?? 0
        let rows = results.map { key, value in
            key.padding(toLength: width, withPad: " ", startingAt: 0) + "  "
                + (key.contains("bytes") ? String(Int(value)) : String(format: "%.2f", value))
        }
        return (["threads: \(threads)"] + rows).joined(separator: "\n")
    }
}
