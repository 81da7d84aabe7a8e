import EventLog
import NIOCore
import NIOPosix
import Synchronization

/// Where `carelog serve` runs its Swift tasks: on the event loops that read and write the
/// requests' sockets, instead of on a thread pool of their own.
///
/// A request's task is then resumed on the event loop that read the request (NIO's executor
/// keeps a job on the loop it is enqueued from), and its response is written there, so an
/// ordinary request changes thread nowhere between reading the socket and answering it. The
/// event loops are as many as the cores, as the default pool is. Blocking work still goes to
/// ``StoreWork`` (and background work to ``LowPriorityWork``); an append's planning, a few reads
/// of the store's memory map, runs on the loop as it ran on the pool.
package enum TaskPlacement {
    /// Makes NIO's event loops Swift's global executor for the rest of the process. Call it
    /// from the main thread before the service starts; false when the runtime does not allow it
    /// (the tasks then stay on the default pool). NIO allows one installation per process, so a
    /// later call only returns the first call's answer.
    @discardableResult
    package static func runTasksOnEventLoops() -> Bool {
        installed.withLock { answer in
            if let answer { return answer }
            let done = NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
            answer = done
            return done
        }
    }

    /// Whether the event loops were installed as the global executor (nil: not asked yet).
    private static let installed = Mutex<Bool?>(nil)

    /// Appends `batch` through the store's group commit and waits, holding no thread, until it
    /// is durable (``EventLog/EventStore/appendDurably(_:)``). With `loop` (by default the event
    /// loop the caller runs on, if any) the task is resumed from that loop, so it goes on where
    /// its request was read and its response is written, instead of on whichever loop the
    /// committing thread would hand it to.
    static func appendDurably(
        _ batch: AppendBatch, to store: any EventStore,
        resumingOn loop: (any EventLoop)? = MultiThreadedEventLoopGroup.currentEventLoop
    ) async throws(EventStoreError) -> AppendResult {
        guard let loop else { return try await store.appendDurably(batch) }
        // `append(_:whenDurable:)` calls its completion exactly once, as an unsafe continuation needs.
        let result = await withUnsafeContinuation { continuation in
            store.append(batch, whenDurable: { result in loop.execute { continuation.resume(returning: result) } })
        }
        return try result.get()
    }
}
