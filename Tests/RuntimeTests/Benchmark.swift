import Foundation
import GraphIR
import Layers
import Runtime
import TestSupport

/// The full DSSM with recipe weights and random feeds at any batch, for timing.
struct DSSMBenchmark {
    static let queryOutput = "dssmrecommendernetwork0_dense2_relu_fwd_output"
    static let imageOutput = "dssmrecommendernetwork0_dense4_relu_fwd_output"
    /// Tokens per query and per title, as in the example and `peers.py`.
    static let textLength = 30

    let graph: Graph

    init() throws { graph = try ReferenceCase.network("dssm_full").0.graph }

    /// Shapes of the four inputs at `batch`.
    static func shapes(batch: Int) -> [String: Shape] {
        ["user": [batch, 1], "query_text": [batch, textLength], "title": [batch, textLength], "image": [batch, 3, 224, 224]]
    }

    /// Random ids in range and a uniform image, fixed by `seed`.
    static func feeds(batch: Int, seed: UInt32 = 1) throws -> [String: Tensor] {
        var random = RandomState(seed: seed)
        func ids(_ shape: Shape, below limit: Int) throws -> Tensor {
            try Tensor(shape: shape, scalars: random.uniform(low: 0, high: Double(limit), count: shape.count).map { Float(Int($0)) })
        }
        let shapes = shapes(batch: batch)
        return [
            "user": try ids(shapes["user"] ?? [], below: 100_000),
            "query_text": try ids(shapes["query_text"] ?? [], below: 30_000),
            "title": try ids(shapes["title"] ?? [], below: 30_000),
            "image": try Tensor(shape: shapes["image"] ?? [], scalars: random.uniform(low: 0, high: 1, count: batch * 3 * 224 * 224).map { Float($0) }),
        ]
    }

    /// Compiles the graph (or the part that `outputs` needs) for `batch`.
    func compile(batch: Int, outputs: [String]? = nil, threads: Int = ProcessInfo.processInfo.activeProcessorCount) throws -> Executable {
        try Runtime.compile(graph, inputShapes: Self.shapes(batch: batch), options: CompileOptions(threads: threads, outputs: outputs))
    }

    /// Medians over `repeats` runs (after one warm-up run) of the wall-clock seconds and of
    /// the process's CPU seconds: on a shared machine the CPU time shows the work done when
    /// other processes stretch the wall-clock time.
    static func time(_ executable: Executable, _ feeds: [String: Tensor], repeats: Int) throws -> (wall: Double, cpu: Double) {
        let feeds = feeds.filter { name, _ in executable.inputs.contains { $0.name == name } }
        _ = try executable.runOrdered(feeds)
        var wall: [Double] = [], cpu: [Double] = []
        for _ in 0..<repeats {
            let (start, startCPU) = (DispatchTime.now().uptimeNanoseconds, cpuSeconds())
            _ = try executable.runOrdered(feeds)
            wall.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            cpu.append(cpuSeconds() - startCPU)
        }
        return (median(wall), median(cpu))
    }

    static func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

    /// The median CPU seconds of the calling thread over `repeats` runs of a one-thread
    /// executable (after one warm-up run): its work, whatever else the machine is doing.
    static func threadTime(_ executable: Executable, _ feeds: [String: Tensor], repeats: Int) throws -> Double {
        let feeds = feeds.filter { name, _ in executable.inputs.contains { $0.name == name } }
        _ = try executable.runOrdered(feeds)
        var seconds: [Double] = []
        for _ in 0..<repeats {
            let start = threadSeconds()
            _ = try executable.runOrdered(feeds)
            seconds.append(threadSeconds() - start)
        }
        return median(seconds)
    }

    private static func threadSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    /// User plus system CPU seconds of this process so far.
    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let seconds = usage.ru_utime.tv_sec + usage.ru_stime.tv_sec
        return Double(seconds) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }
}
