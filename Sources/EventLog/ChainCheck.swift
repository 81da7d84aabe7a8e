/// What ``EventStore/checkChain(after:)`` found: the hash chain re-computed from a position
/// already verified to the head — a real check of every event after that position, and of
/// nothing before it beyond the stored hash at the position itself.
public struct ChainCheck: Hashable, Sendable {
    /// The position the check started from (its hash as verified earlier).
    public var from: Checkpoint
    /// The head the check reached.
    public var head: Checkpoint
    /// How many events were re-hashed (those after `from`, up to `head`).
    public var eventsChecked: UInt64
    /// Everything found; empty when the chain checks out.
    public var problems: [VerificationReport.Problem]

    /// Creates a check result.
    public init(from: Checkpoint, head: Checkpoint, eventsChecked: UInt64, problems: [VerificationReport.Problem]) {
        self.from = from
        self.head = head
        self.eventsChecked = eventsChecked
        self.problems = problems
    }

    /// True when no problem was found.
    public var isValid: Bool { problems.isEmpty }
}

extension EventStore {
    /// Re-computes the hash chain after `verified` (a checkpoint an earlier verification found
    /// sound): the hash stored at `verified.sequence` must still be `verified.headHash` (same
    /// store), and then each later event, up to the head read first, must have the next sequence
    /// number, a `recordedAt` not before its predecessor's, and the hash of its canonical bytes
    /// chained to its predecessor's. Indexes and idempotency records are not checked (that is
    /// ``verify(against:)``'s whole-log pass), and events up to `verified.sequence` are not read.
    public func checkChain(after verified: Checkpoint) throws(EventStoreError) -> ChainCheck {
        let head = try checkpoint(knownAt: .head)
        func failed(_ message: String) -> ChainCheck {
            ChainCheck(
                from: verified, head: head, eventsChecked: 0,
                problems: [.init(kind: .checkpoint, sequence: verified.sequence, message: message)])
        }
        guard verified.storeID == head.storeID else {
            return failed("the verified position is from store \(verified.storeID), not this store (\(head.storeID))")
        }
        guard verified.sequence <= head.sequence else {
            return failed("the log ends at \(head.sequence), before the verified position \(verified.sequence)")
        }
        let there = try checkpoint(knownAt: .sequence(verified.sequence))
        guard there.sequence == verified.sequence, there.headHash == verified.headHash else {
            return failed("the hash stored at sequence \(verified.sequence) is not the one verified there")
        }
        var problems: [VerificationReport.Problem] = []
        var checked: UInt64 = 0
        guard verified.sequence < head.sequence else {
            return ChainCheck(from: verified, head: head, eventsChecked: 0, problems: [])
        }
        var selection = EventSelection()
        selection.fromSequence = verified.sequence + 1
        selection.knownAt = .sequence(head.sequence)
        var previousHash = verified.headHash
        var previousRecordedAt = verified.recordedAt
        var expected = verified.sequence + 1
        do {
            try read(selection) { event in
                checked += 1
                guard problems.count < 100 else { return }
                if event.sequence != expected {
                    problems.append(
                        .init(
                            kind: .sequence, sequence: expected,
                            message: "sequence \(expected) is missing; the next stored event is \(event.sequence)"))
                }
                expected = event.sequence + 1
                if EventHash.chained(previous: previousHash, canonical: EventRecordCodec.canonicalBytes(of: event))
                    != event.hash
                {
                    problems.append(
                        .init(
                            kind: .chain, sequence: event.sequence,
                            message: "hash does not follow from the event's bytes and the previous event's hash"))
                }
                if let previous = previousRecordedAt, event.recordedAt < previous {
                    problems.append(
                        .init(
                            kind: .recordedAt, sequence: event.sequence,
                            message: "recordedAt is earlier than the event before it"))
                }
                previousHash = event.hash
                previousRecordedAt = event.recordedAt
            }
        } catch let error as EventStoreError {
            throw error
        } catch {
            throw .storage(detail: "the log could not be read to check the chain")
        }
        if expected != head.sequence + 1 {
            problems.append(
                .init(
                    kind: .sequence, sequence: expected,
                    message: "the log's head is \(head.sequence) but the events read end at \(expected - 1)"))
        }
        if previousHash != head.headHash {
            problems.append(
                .init(kind: .chain, sequence: head.sequence, message: "the head hash is not the last event's hash"))
        }
        return ChainCheck(from: verified, head: head, eventsChecked: checked, problems: problems)
    }
}
