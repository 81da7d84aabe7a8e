import EventLog
import Foundation
import Synchronization

/// Groups concurrent appends from threads of this process into one write transaction and
/// one durable commit, while each caller still gets its own result only after that commit.
///
/// The first caller to find no commit in progress becomes the leader: it takes every
/// request queued so far, commits them together, hands out the results and wakes exactly
/// the callers it served (each waits on its own semaphore, so a commit wakes nobody it did
/// not serve). Callers that arrive meanwhile queue up for the next group; when the leader
/// stops, it wakes the first of them to lead.
///
/// All shared state is behind `Mutex`es (the queue; each request's result), so the compiler
/// checks that it is `Sendable`. Lock order: the queue, then a request's result.
final class GroupCommit: Sendable {
    final class Request: Sendable {
        let batch: AppendBatch
        /// Set only by the leader after the group's commit has returned, before `wakeup` is signalled.
        let result = Mutex<Result<AppendResult, EventStoreError>?>(nil)
        /// Signalled once: with `result` set, or with `result` nil to make this caller the leader.
        let wakeup = DispatchSemaphore(value: 0)
        init(batch: AppendBatch) { self.batch = batch }
    }

    /// The requests waiting for a leader, and whether one is committing.
    private struct Queue {
        var pending: [Request] = []
        var leaderActive = false
    }

    /// Groups one leader commits before handing over, so no caller serves others for long.
    static let maximumLeaderRounds = 8

    /// Upper bound on events in one group, to keep transactions (and their dirty pages) bounded.
    let maximumGroupEvents: Int
    private let queue = Mutex(Queue())

    init(maximumGroupEvents: Int = 20_000) { self.maximumGroupEvents = maximumGroupEvents }

    /// Submits a batch and waits for its result. `commit` runs on the leader's thread with the
    /// group's batches and returns one result per batch once the commit is durable (or has failed);
    /// only then are results handed out, so no caller can see success for an uncommitted batch.
    func submit(
        _ batch: AppendBatch, commit: ([AppendBatch]) -> [Result<AppendResult, EventStoreError>]
    ) -> Result<AppendResult, EventStoreError> {
        let request = Request(batch: batch)
        let leads = queue.withLock { queue in
            queue.pending.append(request)
            defer { queue.leaderActive = true }
            return !queue.leaderActive
        }
        if !leads {
            request.wakeup.wait()
            if let result = request.result.withLock({ $0 }) { return result }
            // Woken without a result: the previous leader handed over.
        }
        // Keep committing what queued up during each commit (a few rounds at most): on a busy
        // machine the callers just answered need time to come back, and a fresh leader would
        // otherwise start with a tiny group.
        var rounds = 0
        while true {
            let group = queue.withLock { queue in
                var group: [Request] = []
                var events = 0
                while let next = queue.pending.first,
                    group.isEmpty || events + next.batch.events.count <= maximumGroupEvents
                {
                    group.append(queue.pending.removeFirst())
                    events += next.batch.events.count
                }
                return group
            }
            let results = commit(group.map(\.batch))
            for (served, result) in zip(group, results) {
                served.result.withLock { $0 = result }
                if served !== request { served.wakeup.signal() }
            }
            rounds += 1
            // Only this thread sets its own request's result (it leads every group it is in).
            guard let result = request.result.withLock({ $0 }) else { continue }
            let stops = queue.withLock { queue in
                guard queue.pending.isEmpty || rounds >= Self.maximumLeaderRounds else { return false }
                if let next = queue.pending.first {
                    next.wakeup.signal()  // it stays queued and leads the next group
                } else {
                    queue.leaderActive = false
                }
                return true
            }
            if stops { return result }
        }
    }
}
