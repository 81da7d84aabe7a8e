import NIOPosix

/// Runs blocking store work (reads, appends, verification, report folds) on a thread pool, so
/// no event loop ever waits for the disk.
///
/// The pool has as many threads as there can be appends worth batching: the store's group
/// commit (``LMDBEventLog``) joins appends that arrive together into one durable commit, which
/// needs them to arrive together, so a pool of a core's worth of threads would serialise them.
enum StoreWork {
    /// Threads for blocking store work.
    static let threads = 64

    /// The pool, started on first use and kept for the life of the process.
    static let pool: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: threads)
        pool.start()
        return pool
    }()

    /// Runs `body` on the pool and returns its result (or rethrows its error).
    static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await pool.runIfActive(body)
    }
}
