import EventLog
import Foundation

/// Groups concurrent appends from threads of this process into one write transaction and
/// one durable commit, while each caller still gets its own result only after that commit.
///
/// The first caller to find no commit in progress becomes the leader: it takes every
/// request queued so far, commits them together, hands out the results and wakes the
/// others. Callers that arrive meanwhile queue up for the next group.
final class GroupCommit: @unchecked Sendable {
    final class Request {
        let batch: AppendBatch
        /// Set only by the leader, under the lock, after the group's commit has returned.
        var result: Result<AppendResult, EventStoreError>?
        init(batch: AppendBatch) { self.batch = batch }
    }

    /// Groups one leader commits before handing over, so no caller serves others for long.
    static let maximumLeaderRounds = 8

    /// Upper bound on events in one group, to keep transactions (and their dirty pages) bounded.
    let maximumGroupEvents: Int
    private let condition = NSCondition()
    private var pending: [Request] = []
    private var leaderActive = false

    init(maximumGroupEvents: Int = 20_000) { self.maximumGroupEvents = maximumGroupEvents }

    /// Submits a batch and waits for its result. `commit` runs on the leader's thread with the
    /// group's batches and returns one result per batch once the commit is durable (or has failed);
    /// only then are results handed out, so no caller can see success for an uncommitted batch.
    func submit(_ batch: AppendBatch, commit: ([AppendBatch]) -> [Result<AppendResult, EventStoreError>]) -> Result<AppendResult, EventStoreError> {
        let request = Request(batch: batch)
        condition.lock()
        pending.append(request)
        while request.result == nil {
            if leaderActive {
                condition.wait()
                continue
            }
            leaderActive = true
            // Keep committing what queued up during each commit (a few rounds at most): on a
            // busy machine the callers just answered need time to come back, and a fresh leader
            // would otherwise start with a tiny group.
            var rounds = 0
            repeat {
                var group: [Request] = []
                var events = 0
                while let next = pending.first, group.isEmpty || events + next.batch.events.count <= maximumGroupEvents {
                    group.append(pending.removeFirst())
                    events += next.batch.events.count
                }
                condition.unlock()
                let results = commit(group.map(\.batch))
                condition.lock()
                for (request, result) in zip(group, results) { request.result = result }
                condition.broadcast()
                rounds += 1
            } while !pending.isEmpty && rounds < Self.maximumLeaderRounds
            leaderActive = false
            condition.broadcast()
        }
        condition.unlock()
        return request.result!
    }
}
