import Dispatch
import EventLog

/// Appends import chunks on a thread of its own, in order, so the importer plans the next chunk
/// while the store writes this one (the store's append is synchronous and durable). After each
/// append it calls `afterAppend` (the NDJSON and mapped imports unmap the store's pages there).
/// Used by `carelog import` for NDJSON (`EventImporter`) and for mapped sources (`MappedImport`).
///
/// Up to ``depth`` chunks may be in flight: with two, the importer hands the next chunk over
/// while the one before it is still being written (its commit, and the `fdatasync` in it,
/// overlaps with planning the chunk after). Chunks are appended one at a time, in the order they
/// were started; once an append fails, the chunks started after it are not appended at all
/// (``wait()`` hands them back with no outcome), so the store never holds a chunk without every
/// chunk before it.
package final class ChunkAppender: @unchecked Sendable {
    // Unchecked: `inFlight` is touched by the importer's thread only; `failed` by the append
    // thread only; each chunk's `Outcome` is written by the append thread before it signals the
    // chunk's semaphore, and read by the importer only after waiting on it, which orders the two.
    /// One chunk in flight and how its append ended, handed from the append thread to the
    /// importer. The append thread reaches the chunk only through here (its task holds no copy),
    /// so once the importer has waited and taken the chunk it holds the chunk's only reference
    /// (but the planner's): the planner can then reuse the chunk's storage
    /// (``ImportPlanner/chunkAppended(_:)-(ImportChunk)``) instead of freeing it.
    private final class Outcome: @unchecked Sendable {
        /// The chunk, until the importer takes it back after waiting.
        var chunk: ImportChunk?
        /// `nil` when the chunk was not appended because one before it failed.
        var result: Result<AppendResult, EventStoreError>?
        let done = DispatchSemaphore(value: 0)

        init(_ chunk: consuming ImportChunk) { self.chunk = chunk }

        /// Appends the chunk to `store`: every copy of the batch made for it is released on return.
        func append(to store: any EventStore) throws(EventStoreError) -> AppendResult {
            guard let chunk else { throw EventStoreError.storage(detail: "the chunk in flight was lost") }
            return try store.append(chunk.batch)
        }
    }

    private let store: any EventStore
    private let afterAppend: (@Sendable () -> Void)?
    private let queue = DispatchQueue(label: "carelog.import.append")
    /// The most chunks in flight (started and not yet waited for).
    package let depth: Int
    /// The chunks in flight, oldest first.
    private var inFlight: [Outcome] = []
    /// Whether an append failed (the chunks queued after it are then skipped).
    private var failed = false

    /// An appender that holds at most `depth` chunks in flight (one by default: each chunk is
    /// waited for before the next is started).
    package init(store: any EventStore, depth: Int = 1, afterAppend: (@Sendable () -> Void)? = nil) {
        precondition(depth > 0, "an appender holds at least one chunk in flight")
        self.store = store
        self.depth = depth
        self.afterAppend = afterAppend
    }

    /// Whether a chunk is in flight (started and not yet waited for).
    package var hasInFlight: Bool { !inFlight.isEmpty }

    /// Whether ``depth`` chunks are in flight: the oldest must be waited for before another starts.
    package var isFull: Bool { inFlight.count >= depth }

    /// Starts appending `chunk` after the chunks in flight; fewer than ``depth`` may be in flight.
    package func start(_ chunk: consuming ImportChunk) {
        precondition(!isFull, "the oldest chunk in flight must be waited for first")
        let outcome = Outcome(chunk)
        inFlight.append(outcome)
        queue.async { [self] in
            if !failed {
                do throws(EventStoreError) {
                    outcome.result = .success(try outcome.append(to: store))
                } catch {
                    failed = true
                    outcome.result = .failure(error)
                }
                afterAppend?()
            }
            outcome.done.signal()
        }
    }

    /// Waits for the oldest chunk in flight: the chunk and how its append ended, or `nil` if none
    /// was in flight or the chunk was not appended because an earlier one failed.
    package func wait() -> (ImportChunk, Result<AppendResult, EventStoreError>)? {
        guard !inFlight.isEmpty else { return nil }
        let outcome = inFlight.removeFirst()
        outcome.done.wait()
        guard let result = outcome.result, let chunk = outcome.chunk.take() else { return nil }
        return (chunk, result)
    }

    /// Waits for every chunk in flight, dropping their outcomes (whatever stops an import, the
    /// chunks it started are finished, or skipped, before it returns).
    package func waitForAll() {
        while hasInFlight { _ = wait() }
    }
}
