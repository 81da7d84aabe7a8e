import EventLog
import Foundation

/// The latest log position whose hash chain was found sound, kept in the store's cache
/// environment (`<store>/cache`, beside the projection checkpoints) so that a restarted service
/// re-hashes only the events after it instead of the whole log (`Docs/web.md`, "Verification").
///
/// It is only a cache, never evidence: whoever can write the store's files can write it too, and
/// deleting it costs one full check. A reader uses it only after checking that the hash the log
/// holds at ``checkpoint``'s sequence is still the one saved; a full check (the verification
/// page's button, `POST /v1/verify`) or `carelog verify` is what shows the whole log sound.
package struct VerifiedPosition: Codable, Hashable, Sendable {
    /// The position found sound: its sequence, the chain hash there, when that event was
    /// recorded, and the store's id.
    package var checkpoint: Checkpoint
    /// When it was found sound.
    package var foundAt: Timestamp
    /// Whether a full check found it (else a chain check re-hashed the events after an earlier
    /// sound position).
    package var byFullCheck: Bool
    /// The last full check the position rests on: when it ran…
    package var fullCheckAt: Timestamp
    /// …the head it checked…
    package var fullCheckHead: Checkpoint
    /// …and how many events it re-hashed.
    package var fullCheckEvents: UInt64

    /// Creates a record.
    package init(
        checkpoint: Checkpoint, foundAt: Timestamp, byFullCheck: Bool, fullCheckAt: Timestamp,
        fullCheckHead: Checkpoint, fullCheckEvents: UInt64
    ) {
        self.checkpoint = checkpoint
        self.foundAt = foundAt
        self.byFullCheck = byFullCheck
        self.fullCheckAt = fullCheckAt
        self.fullCheckHead = fullCheckHead
        self.fullCheckEvents = fullCheckEvents
    }

    /// The position a sound full check of the whole log (`report`, run at `at`) establishes.
    package init(fullCheck report: VerificationReport, at: Timestamp) {
        self.init(
            checkpoint: report.head, foundAt: at, byFullCheck: true, fullCheckAt: at, fullCheckHead: report.head,
            fullCheckEvents: report.eventsChecked)
    }

    /// This position moved on to `head` by a sound chain check at `at`.
    package func advanced(to head: Checkpoint, at: Timestamp) -> VerifiedPosition {
        var next = self
        next.checkpoint = head
        next.foundAt = at
        next.byFullCheck = false
        return next
    }

    /// Whether `store` still holds this position: the same store id and, at the saved sequence,
    /// the saved chain hash (and recording time). False when the log is shorter, or differs there.
    package func matches(_ store: any EventStore) -> Bool {
        guard checkpoint.storeID == store.storeID,
            let there = try? store.checkpoint(knownAt: .sequence(checkpoint.sequence))
        else { return false }
        return there == checkpoint
    }

    /// The key it is saved under in the cache environment.
    static let cacheKey = "verification/latest-sound-position/v1"

    /// The bytes saved (JSON, keys sorted).
    var bytes: [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(self)).map { Array($0) } ?? []
    }

    /// Reads saved bytes; nil when they are empty (forgotten), damaged or of another layout.
    init?(bytes: [UInt8]) {
        guard !bytes.isEmpty, let decoded = try? JSONDecoder().decode(Self.self, from: Data(bytes)) else {
            return nil
        }
        self = decoded
    }
}
