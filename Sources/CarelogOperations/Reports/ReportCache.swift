import EventLog
import LMDBEventLog
import Projections

/// The report commands' projection checkpoints: ``FoldStateEnvironment`` in `<store>/cache`
/// as a ``FoldStateCache``.
package final class ReportCache: FoldStateCache {
    private let environment: FoldStateEnvironment

    private init(_ environment: FoldStateEnvironment) { self.environment = environment }

    /// The cache of the store at `storePath`, or nil when `disabled` (`--no-cache`) or when it
    /// cannot be opened (the report is then rebuilt in full, as without a cache).
    package static func open(storePath: String, disabled: Bool) -> ReportCache? {
        guard !disabled, let environment = try? FoldStateEnvironment(storePath: storePath) else { return nil }
        return ReportCache(environment)
    }

    package func load(key: String) -> [UInt8]? { environment.load(key: key) }
    package func save(key: String, bytes: [UInt8]) { environment.save(key: key, bytes: bytes) }
}
