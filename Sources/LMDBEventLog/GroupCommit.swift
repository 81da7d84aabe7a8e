import EventLog
import Foundation
import Synchronization

/// Groups concurrent appends from threads of this process into one write transaction and
/// one durable commit, while each caller still gets its own result only after that commit.
///
/// Two kinds of caller share the queue:
/// - **Waiting** (``submit(_:commit:)``): the first caller to find no commit in progress becomes
///   the leader: it takes every request queued so far, commits them together, hands out the
///   results and wakes exactly the callers it served (each waits on its own semaphore, so a
///   commit wakes nobody it did not serve). Callers that arrive meanwhile queue up for the next
///   group; when the leader stops, it wakes the first of them to lead.
/// - **Called back** (``enqueue(_:commit:completion:)``): the caller's thread is not held. Its
///   request queues like any other, and when it finds no commit in progress (or a leader hands
///   over to it) the group commit's own thread leads instead, until nothing is queued; before each
///   group it waits ``gatheringMicroseconds`` once if fewer than half as many requests are queued
///   as the last group held. Its
///   completion runs on the committing thread once the commit is durable (or has failed), so it
///   must be quick (resuming a task).
///
/// All shared state is behind `Mutex`es (the queue; each request's result), so the compiler
/// checks that it is `Sendable`. Lock order: the queue, then a request's result.
final class GroupCommit: Sendable {
    typealias Commit = @Sendable ([AppendBatch]) -> [Result<AppendResult, EventStoreError>]

    final class Request: Sendable {
        let batch: AppendBatch
        /// Set only by the leader after the group's commit has returned, before `wakeup` is signalled.
        let result = Mutex<Result<AppendResult, EventStoreError>?>(nil)
        /// Signalled once: with `result` set, or with `result` nil to make this caller the leader.
        /// Unused for a called-back request.
        let wakeup = DispatchSemaphore(value: 0)
        /// Called once with the result, for a caller that does not wait (nil: the caller waits).
        let completion: (@Sendable (Result<AppendResult, EventStoreError>) -> Void)?
        init(
            batch: AppendBatch, completion: (@Sendable (Result<AppendResult, EventStoreError>) -> Void)? = nil
        ) {
            self.batch = batch
            self.completion = completion
        }
    }

    /// The requests waiting for a leader, and whether one is committing.
    private struct Queue {
        var pending: [Request] = []
        var leaderActive = false
        /// How many requests the last group held.
        var lastGroupSize = 0
    }

    /// How long the group commit's thread waits, once per group, when fewer than half as many
    /// requests are queued as the last group held (so more are on their way): each commit costs
    /// a device flush, and a group started with the first arrival would flush for one request.
    static let gatheringMicroseconds: UInt32 = 200

    /// Groups one leader commits before handing over, so no caller serves others for long.
    static let maximumLeaderRounds = 8

    /// Upper bound on events in one group, to keep transactions (and their dirty pages) bounded.
    let maximumGroupEvents: Int
    private let queue = Mutex(Queue())
    /// Where the group commit's own thread leads for callers that do not wait (one at a time).
    private let committer = DispatchQueue(label: "carelog.group-commit")

    init(maximumGroupEvents: Int = 20_000) { self.maximumGroupEvents = maximumGroupEvents }

    /// Submits a batch and waits for its result. `commit` runs on the leader's thread with the
    /// group's batches and returns one result per batch once the commit is durable (or has failed);
    /// only then are results handed out, so no caller can see success for an uncommitted batch.
    func submit(_ batch: AppendBatch, commit: @escaping Commit) -> Result<AppendResult, EventStoreError> {
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
        lead(own: request, commit: commit)
        // Only this thread sets its own request's result (it leads every group it is in).
        return request.result.withLock { $0 } ?? .failure(.storage(detail: "the group commit returned no result"))
    }

    /// Queues a batch and returns at once; `completion` gets its result once the group that holds
    /// it is committed durably (or has failed), on the group commit's thread.
    func enqueue(
        _ batch: AppendBatch, commit: @escaping Commit,
        completion: @escaping @Sendable (Result<AppendResult, EventStoreError>) -> Void
    ) {
        let request = Request(batch: batch, completion: completion)
        let leads = queue.withLock { queue in
            queue.pending.append(request)
            defer { queue.leaderActive = true }
            return !queue.leaderActive
        }
        if leads { handOver(to: request, commit: commit) }
    }

    /// Makes `next` (still queued) lead the next group: a waiting caller on its own thread,
    /// else the group commit's thread.
    private func handOver(to next: Request, commit: @escaping Commit) {
        if next.completion == nil {
            next.wakeup.signal()
        } else {
            committer.async { self.lead(own: nil, commit: commit) }
        }
    }

    /// Commits group after group. A waiting caller (`own`) keeps committing what queued up
    /// during each commit (a few rounds at most): on a busy machine the callers just answered
    /// need time to come back, and a fresh leader would otherwise start with a tiny group. The
    /// group commit's thread (`own` nil) leads until nothing is queued.
    private func lead(own: Request?, commit: @escaping Commit) {
        var rounds = 0
        while true {
            if own == nil,
                queue.withLock({ $0.pending.count * 2 < $0.lastGroupSize })
            {
                usleep(Self.gatheringMicroseconds)
            }
            let group = queue.withLock { queue in
                var group: [Request] = []
                var events = 0
                while let next = queue.pending.first,
                    group.isEmpty || events + next.batch.events.count <= maximumGroupEvents
                {
                    group.append(queue.pending.removeFirst())
                    events += next.batch.events.count
                }
                if !group.isEmpty { queue.lastGroupSize = group.count }
                return group
            }
            if !group.isEmpty {
                let results = commit(group.map(\.batch))
                for (served, result) in zip(group, results) {
                    if let completion = served.completion {
                        completion(result)
                    } else {
                        served.result.withLock { $0 = result }
                        if served !== own { served.wakeup.signal() }
                    }
                }
            }
            rounds += 1
            if let own, own.result.withLock({ $0 }) == nil { continue }
            let next = queue.withLock { queue -> Request?? in
                let limit = own == nil ? Int.max : Self.maximumLeaderRounds
                guard queue.pending.isEmpty || rounds >= limit else { return nil }
                // It stays queued and leads the next group.
                if let next = queue.pending.first { return .some(next) }
                queue.leaderActive = false
                return .some(nil)
            }
            guard let stops = next else { continue }
            if let successor = stops { handOver(to: successor, commit: commit) }
            return
        }
    }
}
