import CarelogOperations
import Synchronization

/// The report folds' checkpoints (``CarelogOperations/ReportCache`` in `<store>/cache`), opened
/// once per process and lent to one report run at a time. `carelog serve` makes one and hands it
/// to the access register (its start-up state), the API's reports and the web pages, so the LMDB
/// environment is opened once per process, as LMDB requires.
package final class SharedReportCache: Sendable {
    private let cache: Mutex<ReportCache?>

    /// Opens the cache of the store at `storePath` (none for a store not on disk).
    package init(storePath: String?) {
        cache = Mutex(storePath.flatMap { ReportCache.open(storePath: $0, disabled: false) })
    }

    /// Runs `body` with the cache (nil when there is none), holding it for the run.
    package func withCache<T: Sendable>(_ body: (ReportCache?) throws -> T) throws -> T {
        try cache.withLock { try body($0) }
    }
}
