import Foundation
import Synchronization

/// An event store held in memory: the test double for ``EventStore``, with the same rules
/// (it uses ``AppendPlanner`` like the LMDB store) and no durability.
public final class InMemoryEventStore: EventStore {
    struct State {
        var events: [RecordedEvent] = []
        var streamSequences: [StreamName: [UInt64]] = [:]
        var idempotency: [String: (first: UInt64, count: Int, digest: EventHash)] = [:]
    }

    public let storeID: String
    private let clock: @Sendable () -> Timestamp
    private let state = Mutex(State())

    /// Creates an empty store; `clock` supplies `recordedAt` (inject a fixed one in tests).
    public init(
        storeID: String = UUID().uuidString.lowercased(),
        clock: @escaping @Sendable () -> Timestamp = { Timestamp(Date()) }
    ) {
        self.storeID = storeID
        self.clock = clock
    }

    public func append(_ batch: AppendBatch) throws(EventStoreError) -> AppendResult {
        try AppendPlanner.check(batch)
        let now = clock()
        return try state.withLock { (s: inout State) throws(EventStoreError) -> AppendResult in
            if let key = batch.idempotencyKey, let seen = s.idempotency[key] {
                guard seen.digest == batch.contentDigest else { throw .idempotencyKeyReused(key: key) }
                let range = Int(seen.first - 1)..<Int(seen.first - 1) + seen.count
                return AppendResult(positions: s.events[range].map(\.position), wasAlreadyAppended: true)
            }
            if let expected = batch.expectedHead, expected != UInt64(s.events.count) {
                throw .headMoved(expected: expected, actual: UInt64(s.events.count))
            }
            let streams = s.streamSequences
            let planned = try AppendPlanner.plan(
                batch, firstSequence: UInt64(s.events.count) + 1, previousHash: s.events.last?.hash ?? .genesis,
                recordedAt: AppendPlanner.recordedAt(
                    clock: now, override: batch.recordedAtOverride, last: s.events.last?.recordedAt),
                previousRecordedAt: s.events.last?.recordedAt, clock: now,
                currentVersion: { UInt32(streams[$0]?.count ?? 0) })
            for p in planned {
                s.events.append(p.recorded)
                s.streamSequences[p.recorded.stream, default: []].append(p.recorded.sequence)
            }
            if let key = batch.idempotencyKey, let first = planned.first {
                s.idempotency[key] = (first.recorded.sequence, planned.count, batch.contentDigest)
            }
            return AppendResult(positions: planned.map(\.recorded.position), wasAlreadyAppended: false)
        }
    }

    public func read(_ selection: EventSelection, _ visit: (RecordedEvent) throws -> Void) throws {
        let (events, streamSeqs) = state.withLock { s in
            (s.events, selection.stream.map { s.streamSequences[$0] ?? [] })
        }
        let cut = Self.cutoff(selection.knownAt, in: events)
        var candidates: [Int]
        if let seqs = streamSeqs {
            candidates = seqs.map { Int($0 - 1) }
        } else {
            candidates = Array(events.indices)
        }
        if selection.direction == .backward { candidates.reverse() }
        var emitted = 0
        for index in candidates {
            let e = events[index]
            guard e.sequence <= cut else { if selection.direction == .forward { break } else { continue } }
            if let from = selection.fromSequence {
                if selection.direction == .forward ? e.sequence < from : e.sequence > from { continue }
            }
            if let v = selection.fromStreamVersion, selection.stream != nil {
                if selection.direction == .forward ? e.streamVersion < v : e.streamVersion > v { continue }
            }
            if let types = selection.types, !types.contains(e.type) { continue }
            guard selection.admitsOccurredAt(e.occurredAt) else { continue }
            if let limit = selection.limit, emitted >= limit { break }
            try visit(e)
            emitted += 1
        }
    }

    public func currentVersion(of stream: StreamName, knownAt: KnownAt) throws(EventStoreError) -> UInt32 {
        state.withLock { s in
            let cut = Self.cutoff(knownAt, in: s.events)
            return UInt32((s.streamSequences[stream] ?? []).filter { $0 <= cut }.count)
        }
    }

    public func checkpoint(knownAt: KnownAt) throws(EventStoreError) -> Checkpoint {
        state.withLock { s in
            let cut = Self.cutoff(knownAt, in: s.events)
            guard cut > 0 else { return Checkpoint(storeID: storeID, sequence: 0, headHash: .genesis, recordedAt: nil) }
            let e = s.events[Int(cut - 1)]
            return Checkpoint(storeID: storeID, sequence: e.sequence, headHash: e.hash, recordedAt: e.recordedAt)
        }
    }

    public func verify(against checkpoint: Checkpoint?) throws(EventStoreError) -> VerificationReport {
        let events = state.withLock { $0.events }
        var problems: [VerificationReport.Problem] = []
        var hash = EventHash.genesis
        var versions: [StreamName: UInt32] = [:]
        for (i, e) in events.enumerated() {
            if e.sequence != UInt64(i + 1) {
                problems.append(
                    .init(
                        kind: .sequence, sequence: UInt64(i + 1),
                        message: "expected sequence \(i + 1), found \(e.sequence)"))
                break
            }
            hash = EventHash.chained(previous: hash, canonical: EventRecordCodec.canonicalBytes(of: e))
            if hash != e.hash {
                problems.append(
                    .init(kind: .chain, sequence: e.sequence, message: "stored hash does not match the event's bytes"))
                break
            }
            let expected = (versions[e.stream] ?? 0) + 1
            if e.streamVersion != expected {
                problems.append(
                    .init(
                        kind: .streamIndex, sequence: e.sequence,
                        message: "stream version \(e.streamVersion), expected \(expected)"))
            }
            versions[e.stream] = e.streamVersion
        }
        let head = try self.checkpoint(knownAt: .head)
        if let checkpoint { problems += Self.compare(checkpoint, with: events, storeID: storeID) }
        return VerificationReport(eventsChecked: UInt64(events.count), head: head, problems: problems)
    }

    static func compare(_ checkpoint: Checkpoint, with events: [RecordedEvent], storeID: String) -> [VerificationReport
        .Problem]
    {
        if checkpoint.storeID != storeID {
            return [
                .init(
                    kind: .checkpoint, sequence: nil,
                    message: "checkpoint is from store \(checkpoint.storeID), not this store (\(storeID))")
            ]
        }
        if checkpoint.sequence == 0 { return [] }
        guard checkpoint.sequence <= UInt64(events.count) else {
            return [
                .init(
                    kind: .checkpoint, sequence: checkpoint.sequence,
                    message:
                        "checkpoint covers sequence \(checkpoint.sequence) but the log ends at \(events.count): events were removed"
                )
            ]
        }
        if events[Int(checkpoint.sequence - 1)].hash != checkpoint.headHash {
            return [
                .init(
                    kind: .checkpoint, sequence: checkpoint.sequence,
                    message: "head hash differs from the checkpoint: history at or before it has changed")
            ]
        }
        return []
    }

    private static func cutoff(_ knownAt: KnownAt, in events: [RecordedEvent]) -> UInt64 {
        switch knownAt {
        case .head: return UInt64(events.count)
        case .sequence(let s): return min(s, UInt64(events.count))
        case .recordedAt(let t):
            var lo = 0
            var hi = events.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if events[mid].recordedAt <= t { lo = mid + 1 } else { hi = mid }
            }
            return UInt64(lo)
        }
    }
}
