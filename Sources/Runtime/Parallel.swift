import Synchronization

/// Runs `body` over `0..<count` split into fixed chunks of `chunk` indices, on up to
/// `threads` threads.
///
/// The chunk boundaries depend only on `count` and `chunk`, never on `threads`, and each
/// chunk runs exactly once; a kernel that writes each output from one chunk therefore
/// produces bit-identical results whatever the thread count. Workers take the next chunk as
/// they become free, so a worker the system delays does not hold up the others' share; with
/// one thread (or one chunk) everything runs on the calling thread.
public func parallelFor(
    _ count: Int, chunk: Int = 1, threads: Int = 1, body: (Range<Int>) -> Void
) {
    guard count > 0 else { return }
    let chunk = max(chunk, 1)
    let chunks = (count + chunk - 1) / chunk
    let workers = min(max(threads, 1), chunks)
    func run(_ index: Int) { body(index * chunk..<min((index + 1) * chunk, count)) }
    if workers == 1 {
        for index in 0..<chunks { run(index) }
        return
    }
    let next = Counter()
    WorkerPool.shared.run(workers) { _ in
        var index = next.take()
        while index < chunks {
            run(index)
            index = next.take()
        }
    }
}

/// Runs `units` independent pieces of work, each through `body(unit, slot, threads)`.
///
/// When there are enough units to share evenly among `min(threads, slots)` workers, the
/// workers run them side by side, each unit on one thread, each worker taking the next unit
/// as it becomes free and passing its own `slot` (so that it can own a slot of scratch
/// memory); otherwise the units run one after another on slot 0 with every thread. A kernel
/// whose units compute the same values either way is therefore independent of `threads`.
func runUnits(_ units: Int, slots: Int, threads: Int, _ body: (_ unit: Int, _ slot: Int, _ threads: Int) -> Void) {
    let workers = min(threads, slots)
    guard workers > 1, units % workers == 0 || units >= 4 * workers else {
        for unit in 0..<units { body(unit, 0, threads) }
        return
    }
    let next = Counter()
    WorkerPool.shared.run(workers) { worker in
        var unit = next.take()
        while unit < units {
            body(unit, worker, 1)
            unit = next.take()
        }
    }
}

/// Hands out 0, 1, 2, … to whichever worker asks next.
private final class Counter: Sendable {
    private let value = Atomic<Int>(0)
    func take() -> Int { value.add(1, ordering: .relaxed).oldValue }
}

/// A chunk size that cuts `count` items of roughly `cost` operations each into pieces of
/// at least `minimumWork` operations: large enough to amortise a dispatch, fixed by the
/// problem size alone so that chunking never depends on the thread count.
func chunkSize(count: Int, cost: Int, minimumWork: Int = 1 << 14) -> Int {
    max(1, min(count, minimumWork / max(cost, 1)))
}
