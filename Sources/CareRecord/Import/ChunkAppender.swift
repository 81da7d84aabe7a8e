import Dispatch
import EventLog

/// Appends import chunks on a thread of its own, one at a time and in order, so the importer
/// plans the next chunk while the store writes this one (the store's append is synchronous and
/// durable). After each append it calls `afterAppend` (the NDJSON and mapped imports unmap the
/// store's pages there). Used by `carelog import` for NDJSON (`EventImporter`) and for mapped
/// sources (`MappedImport`).
package final class ChunkAppender: @unchecked Sendable {
    // Unchecked: `inFlight` is touched by the importer's thread only; `outcome` is written by the
    // append thread before it leaves `done`, and read by the importer only after waiting on it,
    // which orders the two.
    private let store: any EventStore
    private let afterAppend: (@Sendable () -> Void)?
    private let queue = DispatchQueue(label: "carelog.import.append")
    private let done = DispatchGroup()
    private var inFlight: ImportChunk?
    private var outcome: Result<AppendResult, EventStoreError>?

    package init(store: any EventStore, afterAppend: (@Sendable () -> Void)? = nil) {
        self.store = store
        self.afterAppend = afterAppend
    }

    /// Starts appending `chunk`; the one before must have been waited for.
    package func start(_ chunk: ImportChunk) {
        inFlight = chunk
        done.enter()
        queue.async { [self] in
            do throws(EventStoreError) {
                outcome = .success(try store.append(chunk.batch))
            } catch {
                outcome = .failure(error)
            }
            afterAppend?()
            done.leave()
        }
    }

    /// Waits for the chunk in flight: the chunk and how its append ended, or `nil` if none was.
    package func wait() -> (ImportChunk, Result<AppendResult, EventStoreError>)? {
        guard let chunk = inFlight else { return nil }
        done.wait()
        inFlight = nil
        defer { outcome = nil }
        guard let outcome else { return nil }
        return (chunk, outcome)
    }
}
