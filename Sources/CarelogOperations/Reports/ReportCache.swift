import EventLog
import LMDBEventLog
import Projections

/// The report commands' projection checkpoints: ``FoldStateEnvironment`` in `<store>/cache`
/// as a ``FoldStateCache``, and the service's latest verified position (``VerifiedPosition``).
///
/// `Sendable`: every load and save is its own LMDB transaction on an environment shared safely
/// by threads, so threads may use one `ReportCache` at once (a report and the report warmer).
package final class ReportCache: FoldStateCache, Sendable {
    private let environment: FoldStateEnvironment

    private init(_ environment: FoldStateEnvironment) { self.environment = environment }

    /// The cache of the store at `storePath`, or nil when `disabled` (`--no-cache`) or when it
    /// cannot be opened (the report is then rebuilt in full, as without a cache).
    package static func open(storePath: String, disabled: Bool) -> ReportCache? {
        guard !disabled, let environment = try? FoldStateEnvironment(storePath: storePath) else { return nil }
        return ReportCache(environment)
    }

    package func load(key: String) -> [UInt8]? { environment.load(key: key) }

    /// The import's fact index for `store`, in this cache (``CachedFactIndex``), or nil when it
    /// cannot be used (the import then reads long streams back from the log).
    package func factIndex(for store: any EventStore) -> CachedFactIndex? {
        try? CachedFactIndex(cache: environment, store: store)
    }
    package func save(key: String, bytes: [UInt8]) { environment.save(key: key, bytes: bytes) }

    /// The index of the streams about each person, in this cache (``PersonStreamIndex``).
    package var personStreamIndex: PersonStreamIndex { PersonStreamIndex(cache: environment) }

    /// The latest position saved as found sound, or nil (none saved, forgotten, or unreadable).
    package func verifiedPosition() -> VerifiedPosition? {
        load(key: VerifiedPosition.cacheKey).flatMap { VerifiedPosition(bytes: $0) }
    }

    /// Saves `position` as the latest found sound; nil forgets the saved one (a check found a
    /// problem, so the next check must be a full one).
    package func save(verifiedPosition position: VerifiedPosition?) {
        save(key: VerifiedPosition.cacheKey, bytes: position?.bytes ?? [])
    }
}
