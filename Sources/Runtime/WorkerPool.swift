import Foundation
import Synchronization

/// Threads that live across parallel loops, so that a loop of a few hundred microseconds
/// (an LSTM direction, a small convolution) starts on all its threads at once: a worker
/// that has just finished spins briefly for the next loop before it sleeps.
///
/// `run` also works on the calling thread, so a loop always finishes even when every
/// worker is busy, and loops may nest.
final class WorkerPool: @unchecked Sendable {
    static let shared = WorkerPool()

    private let condition = NSCondition()
    /// Loops that still have iterations nobody has claimed (guarded by `condition`).
    private var jobs: [Job] = []
    /// Workers started so far (guarded by `condition`).
    private var started = 0
    /// Bumped whenever a loop is published, for spinning workers to notice.
    private let generation = Atomic<Int>(0)

    /// Runs `body(index)` for every index in `0..<count`, on the calling thread and up to
    /// `count − 1` workers; returns once every call has returned.
    func run(_ count: Int, _ body: (Int) -> Void) {
        guard count > 1 else {
            if count == 1 { body(0) }
            return
        }
        withoutActuallyEscaping(body) { body in
            let job = Job(count: count, body: body)
            condition.lock()
            while started < count - 1 {
                started += 1
                let thread = Thread { [unowned self] in self.work() }
                thread.start()
            }
            jobs.append(job)
            generation.add(1, ordering: .releasing)
            condition.broadcast()
            condition.unlock()
            job.work()
            condition.lock()
            jobs.removeAll { $0 === job }
            condition.unlock()
            while !job.isFinished { sched_yield() }
            job.release()
        }
    }

    /// A worker's life: take iterations of whichever published loop has some left.
    private func work() {
        while true {
            var seen = generation.load(ordering: .acquiring)
            condition.lock()
            while true {
                if let job = jobs.first(where: { !$0.isExhausted }) {
                    condition.unlock()
                    job.work()
                    break
                }
                condition.unlock()
                if spin(from: seen) {
                    seen = generation.load(ordering: .acquiring)
                    condition.lock()
                    continue
                }
                condition.lock()
                if jobs.contains(where: { !$0.isExhausted }) { continue }
                condition.wait()
            }
        }
    }

    /// Waits up to a few tens of microseconds for `generation` to move past `seen`.
    private func spin(from seen: Int) -> Bool {
        for _ in 0..<20_000 where generation.load(ordering: .acquiring) != seen { return true }
        return false
    }
}

/// One parallel loop: its body and counters of claimed and finished iterations.
private final class Job: @unchecked Sendable {
    let count: Int
    /// Cleared once every iteration has finished, so the caller's closure does not escape.
    private var body: ((Int) -> Void)?
    private let next = Atomic<Int>(0)
    private let finished = Atomic<Int>(0)

    init(count: Int, body: @escaping (Int) -> Void) {
        self.count = count
        self.body = body
    }

    var isExhausted: Bool { next.load(ordering: .relaxed) >= count }
    var isFinished: Bool { finished.load(ordering: .acquiring) == count }

    /// Claims and runs iterations until none is left.
    func work() {
        while true {
            let index = next.add(1, ordering: .relaxed).oldValue
            guard index < count else { return }
            body?(index)
            finished.add(1, ordering: .releasing)
        }
    }

    /// Drops the body; called by the loop's owner after `isFinished`.
    func release() { body = nil }
}
