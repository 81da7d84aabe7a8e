import CarelogOperations
import Synchronization

/// The report folds' checkpoints (``CarelogOperations/ReportCache`` in `<store>/cache`), opened
/// once per process and lent to one report run at a time.
final class SharedReportCache: Sendable {
    private let cache: Mutex<ReportCache?>

    /// Opens the cache of the store at `storePath` (none for a store not on disk).
    init(storePath: String?) {
        cache = Mutex(storePath.flatMap { ReportCache.open(storePath: $0, disabled: false) })
    }

    /// Runs `body` with the cache (nil when there is none), holding it for the run.
    func withCache<T: Sendable>(_ body: (ReportCache?) throws -> T) throws -> T {
        try cache.withLock { try body($0) }
    }
}
