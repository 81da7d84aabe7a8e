import CarelogOperations
import Synchronization

/// The report folds' checkpoints (``CarelogOperations/ReportCache`` in `<store>/cache`), opened
/// once per process. `carelog serve` makes one and hands it to the access register (its start-up
/// state), the API's reports, the web pages and the report warmer, so the LMDB environment is
/// opened once per process, as LMDB requires.
///
/// Users' report runs borrow it one at a time (``withCache(_:)``), as before, so that two cold
/// rebuilds never hold a whole log's state in memory at once. Work that must never make a user's
/// report wait uses ``unlent`` instead, whose every load and save is its own transaction: the
/// ``ReportWarmer`` (one fold at a time, beside a user's report, never holding the lock) and the
/// latest verified position.
package final class SharedReportCache: Sendable {
    private let cache: ReportCache?
    private let lending = Mutex(())

    /// Opens the cache of the store at `storePath` (none for a store not on disk).
    package init(storePath: String?) {
        cache = storePath.flatMap { ReportCache.open(storePath: $0, disabled: false) }
    }

    /// Runs `body` with the cache (nil when there is none), lent to one report run at a time.
    package func withCache<T: Sendable>(_ body: (ReportCache?) throws -> T) throws -> T {
        try lending.withLock { _ in try body(cache) }
    }

    /// The cache without waiting for the report run that has borrowed it (nil when there is none).
    package var unlent: ReportCache? { cache }

    /// The latest position saved as found sound (``CarelogOperations/VerifiedPosition``), if any.
    package func verifiedPosition() -> VerifiedPosition? { cache?.verifiedPosition() }

    /// Saves `position` as the latest found sound (nil: forgets it).
    package func save(verifiedPosition position: VerifiedPosition?) { cache?.save(verifiedPosition: position) }
}
