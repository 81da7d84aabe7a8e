import NIOPosix

/// Runs blocking store work (reads, appends, verification, report folds) on a thread pool, so
/// no event loop ever waits for the disk (`carelog serve` runs its tasks on the event loops,
/// ``TaskPlacement``): the API's routes and the web pages (`CarelogWeb`) send such work here.
///
/// The pool is wide because work run here may wait for the disk, and concurrent reports, imports
/// and grants should not queue behind one another. Single appends and `RecordAccessed` do not
/// come here: they await the store's group commit without holding a thread
/// (``EventLog/EventStore/appendDurably(_:)``).
package enum StoreWork {
    /// Threads for blocking store work.
    static let threads = 64

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
