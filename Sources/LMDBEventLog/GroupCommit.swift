import EventLog
import Foundation

/// Groups concurrent appends from threads of this process into one write transaction and
/// one durable commit, while each caller still gets its own result only after that commit.
///
/// The first caller to find no commit in progress becomes the leader: it takes every
/// request queued so far, commits them together, hands out the results and wakes exactly
/// the callers it served (each waits on its own semaphore, so a commit wakes nobody it did
/// not serve). Callers that arrive meanwhile queue up for the next group; when the leader
/// stops, it wakes the first of them to lead.
///
/// `@unchecked Sendable`: `pending` and `leaderActive` are touched only under `lock`, and a
/// request's `result` is written by the leader before its semaphore is signalled and read by
/// its caller only after the wait; the compiler cannot see that hand-over.
final class GroupCommit: @unchecked Sendable {
    final class Request {
        let batch: AppendBatch
        /// Set only by the leader after the group's commit has returned, before `wakeup` is signalled.
        var result: Result<AppendResult, EventStoreError>?
        /// Signalled once: with `result` set, or with `result` nil to make this caller the leader.
        let wakeup = DispatchSemaphore(value: 0)
        init(batch: AppendBatch) { self.batch = batch }
    }

    /// Groups one leader commits before handing over, so no caller serves others for long.
    static let maximumLeaderRounds = 8

    /// Upper bound on events in one group, to keep transactions (and their dirty pages) bounded.
    let maximumGroupEvents: Int
    private let lock = NSLock()
    private var pending: [Request] = []
    private var leaderActive = false

    init(maximumGroupEvents: Int = 20_000) { self.maximumGroupEvents = maximumGroupEvents }

    /// Submits a batch and waits for its result. `commit` runs on the leader's thread with the
    /// group's batches and returns one result per batch once the commit is durable (or has failed);
    /// only then are results handed out, so no caller can see success for an uncommitted batch.
    func submit(_ batch: AppendBatch, commit: ([AppendBatch]) -> [Result<AppendResult, EventStoreError>]) -> Result<
        AppendResult, EventStoreError
    > {
        let request = Request(batch: batch)
        lock.lock()
        pending.append(request)
        let leads = !leaderActive
        leaderActive = true
        lock.unlock()
        if !leads {
            request.wakeup.wait()
            if let result = request.result { return result }
            // Woken without a result: the previous leader handed over.
        }
        // Keep committing what queued up during each commit (a few rounds at most): on a busy
        // machine the callers just answered need time to come back, and a fresh leader would
        // otherwise start with a tiny group.
        var rounds = 0
        while true {
            lock.lock()
            var group: [Request] = []
            var events = 0
            while let next = pending.first, group.isEmpty || events + next.batch.events.count <= maximumGroupEvents {
                group.append(pending.removeFirst())
                events += next.batch.events.count
            }
            lock.unlock()
            let results = commit(group.map(\.batch))
            for (served, result) in zip(group, results) {
                served.result = result
                if served !== request { served.wakeup.signal() }
            }
            rounds += 1
            lock.lock()
            if let result = request.result, pending.isEmpty || rounds >= Self.maximumLeaderRounds {
                if let next = pending.first {
                    next.wakeup.signal()  // it stays queued and leads the next group
                } else {
                    leaderActive = false
                }
                lock.unlock()
                return result
            }
            lock.unlock()
        }
    }
}
