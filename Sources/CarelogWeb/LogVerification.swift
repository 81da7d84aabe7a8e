import CarelogOperations
import CarelogService
import EventLog
import Synchronization

/// What the verification page knows between requests: the latest position whose hash chain has
/// been found sound (``CarelogOperations/VerifiedPosition``: by a full check, or by a chain check
/// after one) and the full check it rests on. A visit re-hashes only the events after that
/// position (``EventLog/EventStore/checkChain(after:)``), so the page stays fast as the log grows,
/// and says exactly what it checked.
///
/// With the store's cache (`<store>/cache`) the position is saved there, so a restarted service
/// resumes from it — after checking that the log still holds, at the saved sequence, the saved
/// chain hash; a position that does not match is forgotten and the whole log checked. The cache is
/// not evidence (whoever can write the store can write it): the page says where the position came
/// from, and a full check stays one button away. Without a cache the position lives in memory for
/// the life of the process. A full check runs on the first visit with no position, whenever the
/// last check found a problem, and when a user asks for one.
package final class LogVerification: Sendable {
    /// A full check (``EventLog/EventStore/verify(against:)``): chain, sequences, indexes and
    /// idempotency records of the whole log.
    package struct FullCheck: Hashable, Sendable {
        /// What it found.
        package var report: VerificationReport
        /// When it ran.
        package var at: Timestamp
    }

    /// What one visit checked.
    package enum Outcome: Hashable, Sendable {
        /// A full check, run for this visit; `discarded` is a saved position that did not match
        /// the log (so could not be resumed from), if there was one.
        case full(FullCheck, discarded: VerifiedPosition? = nil)
        /// The chain after `since` re-hashed for this visit; `restored` when `since` was read from
        /// the store's cache (saved before a restart, or by the API's full check) rather than
        /// found by this page's previous check.
        case chain(ChainCheck, since: VerifiedPosition, restored: Bool)
    }

    /// Where positions are saved (nil: memory only).
    private let saved: SharedReportCache?
    /// The latest position this process found or used.
    private let latest = Mutex<VerifiedPosition?>(nil)

    /// The page's memory, saving positions in `saved`'s cache when it has one.
    package init(saved: SharedReportCache? = nil) { self.saved = saved }

    /// The latest position known sound: the cache's when there is one (another check, the API's,
    /// may have moved it), else this process's.
    private func current() -> (position: VerifiedPosition, restored: Bool)? {
        let remembered = latest.withLock { $0 }
        guard let saved, saved.unlent != nil else { return remembered.map { ($0, false) } }
        guard let stored = saved.verifiedPosition() else { return nil }
        return (stored, stored != remembered)
    }

    private func remember(_ position: VerifiedPosition?) {
        latest.withLock { $0 = position }
        saved?.save(verifiedPosition: position)
    }

    /// Runs a full check of the log and remembers its head as the latest sound position when
    /// sound (else forgets any position, so the next visit checks the whole log again).
    @discardableResult
    package func runFullCheck(store: any EventStore, now: Timestamp) throws(EventStoreError) -> FullCheck {
        let report = try store.verify(against: nil)
        remember(report.isValid ? VerifiedPosition(fullCheck: report, at: now) : nil)
        return FullCheck(report: report, at: now)
    }

    /// What the page checks: the chain after the latest sound position when there is one that
    /// the log still holds, otherwise a full check.
    package func check(store: any EventStore, now: Timestamp) throws(EventStoreError) -> Outcome {
        guard case (let since, let restored)? = current() else {
            return .full(try runFullCheck(store: store, now: now))
        }
        guard since.matches(store) else {
            return .full(try runFullCheck(store: store, now: now), discarded: since)
        }
        let chain = try store.checkChain(after: since.checkpoint)
        if !chain.isValid {
            remember(nil)
        } else if chain.head.sequence > since.checkpoint.sequence {
            remember(since.advanced(to: chain.head, at: now))
        } else if restored {
            latest.withLock { $0 = since }
        }
        return .chain(chain, since: since, restored: restored)
    }
}
