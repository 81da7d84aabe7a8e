import EventLog
import Synchronization

/// What the verification page remembers between requests (in memory, for the life of the
/// process): the last full check of the log it ran, and the latest position whose hash chain has
/// been found sound since — by that full check, or by a chain check after it. A visit re-hashes
/// only the events after that position (``EventLog/EventStore/checkChain(after:)``), so the page
/// stays fast as the log grows, and says exactly what it checked; a full check runs on the first
/// visit, whenever the last check found a problem, and when a user asks for one.
package final class LogVerification: Sendable {
    /// A full check (``EventLog/EventStore/verify(against:)``): chain, sequences, indexes and
    /// idempotency records of the whole log.
    package struct FullCheck: Hashable, Sendable {
        /// What it found.
        package var report: VerificationReport
        /// When it ran.
        package var at: Timestamp
    }

    /// The latest position whose chain was found sound, and when.
    package struct Verified: Hashable, Sendable {
        /// The position (its sequence and head hash).
        package var checkpoint: Checkpoint
        /// When it was checked.
        package var at: Timestamp
    }

    /// What one visit checked.
    package enum Outcome: Hashable, Sendable {
        /// A full check, run for this visit.
        case full(FullCheck)
        /// The chain after `since` re-hashed for this visit; `lastFull` is the last full check.
        case chain(ChainCheck, since: Verified, lastFull: FullCheck)
    }

    private struct State: Sendable {
        var lastFull: FullCheck?
        var verified: Verified?
    }

    private let state = Mutex(State())

    package init() {}

    /// Runs a full check of the log and remembers it (and its head, when sound, as verified).
    @discardableResult
    package func runFullCheck(store: any EventStore, now: Timestamp) throws(EventStoreError) -> FullCheck {
        let report = try store.verify(against: nil)
        let full = FullCheck(report: report, at: now)
        state.withLock { state in
            state.lastFull = full
            state.verified = report.isValid ? Verified(checkpoint: report.head, at: now) : nil
        }
        return full
    }

    /// What the page checks: the chain after the latest verified position when there is one (and
    /// a full check to show beside it), otherwise a full check.
    package func check(store: any EventStore, now: Timestamp) throws(EventStoreError) -> Outcome {
        let (lastFull, verified) = state.withLock { ($0.lastFull, $0.verified) }
        guard let lastFull, let verified else { return .full(try runFullCheck(store: store, now: now)) }
        let chain = try store.checkChain(after: verified.checkpoint)
        state.withLock { state in
            if !chain.isValid {
                state.verified = nil
            } else if let current = state.verified, current.checkpoint.sequence < chain.head.sequence {
                state.verified = Verified(checkpoint: chain.head, at: now)
            }
        }
        return .chain(chain, since: verified, lastFull: lastFull)
    }
}
