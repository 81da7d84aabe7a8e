import Foundation
import NIOPosix

/// Runs blocking store work (reads, appends, verification, report folds) on a thread pool, so
/// no event loop ever waits for the disk (`carelog serve` runs its tasks on the event loops,
/// ``TaskPlacement``): the API's routes and the web pages (`CarelogWeb`) send such work here.
///
/// The pool is twice as wide as the cores (at least 4 threads): work run here may wait for the
/// disk, so a few more threads than cores keep the cores busy, but a report fold is mostly CPU,
/// and more folds at once than that only share the same cores. It was 64 threads: the allocator
/// keeps what a thread freed for that thread, so each report landing on another of 64 threads
/// took fresh memory — on the 10.7M-event demo back-to-back visit-delivery requests went from
/// 0.15–0.25 s to 1.2–2.3 s after the eighth, with the resident size at 2.1 GB, against
/// 0.11–0.21 s and 0.85 GB with 4 threads (`Docs/performance-log.md`, "Appends while the service
/// works in the background"). Single appends and `RecordAccessed` do not come here: they await
/// the store's group commit without holding a thread (``EventLog/EventStore/appendDurably(_:)``).
package enum StoreWork {
    /// Threads for blocking store work.
    static let threads = max(4, 2 * ProcessInfo.processInfo.activeProcessorCount)

    /// The pool, started on first use and kept for the life of the process.
    static let pool: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: threads)
        pool.start()
        return pool
    }()

    /// Runs `body` on the pool and returns its result (or rethrows its error).
    package static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await pool.runIfActive(body)
    }
}
