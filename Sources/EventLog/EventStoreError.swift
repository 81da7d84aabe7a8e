/// Why an append or a read did not happen. Messages name what to fix and never include
/// payload content (which may be personal data).
public enum EventStoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A stream's version was not what the batch expected; nothing was written. Safe to retry
    /// after re-reading the stream.
    case conflict(stream: StreamName, expected: ExpectedVersion, actual: UInt32)
    /// The idempotency key was used before for a batch with different content.
    case idempotencyKeyReused(key: String)
    /// An event in the batch breaks a size or shape limit; nothing was written.
    case invalidEvent(index: Int, reason: String)
    /// The store was made by a different format version of Carelog.
    case unsupportedFormat(found: String, supported: String)
    /// The path holds no store.
    case storeNotFound(path: String)
    /// The store was opened read-only.
    case readOnly
    /// The disk is full; nothing from the failed batch was written.
    case noSpace(detail: String)
    /// The stored data cannot be read back (damage or tampering); run `carelog verify`.
    case corrupted(detail: String)
    /// Any other storage failure.
    case storage(detail: String)
    /// The batch was planned against a log ending at `expected` (its corrections name earlier
    /// events of the same batch by sequence), but the log now ends at `actual`.
    case headMoved(expected: UInt64, actual: UInt64)

    /// A sentence saying what happened and what to do, without payload content.
    public var description: String {
        switch self {
        case .conflict(let stream, let expected, let actual):
            return
                "conflict on \(stream): expected version \(expected), but \(actual == 0 ? "the stream does not exist yet" : "the stream is at \(actual)"); nothing was appended"
        case .idempotencyKeyReused(let key):
            return "idempotency key \(key) was already used for a different batch; nothing was appended"
        case .invalidEvent(let index, let reason):
            return "event \(index + 1) of the batch: \(reason); nothing was appended"
        case .unsupportedFormat(let found, let supported):
            return "store format \(found) is not supported by this build (it reads \(supported))"
        case .storeNotFound(let path):
            return "no Carelog store at \(path); create one with `carelog init`"
        case .readOnly:
            return "the store is open read-only; appends are not allowed"
        case .noSpace(let detail):
            return
                "no space left for the store (\(detail)); nothing from this batch was appended — free space and retry"
        case .corrupted(let detail):
            return "the store is damaged: \(detail); run `carelog verify`"
        case .storage(let detail):
            return "storage error: \(detail)"
        case .headMoved(let expected, let actual):
            return
                "the log ended at sequence \(expected) when the batch was planned but now ends at \(actual) (another writer appended); nothing was appended — re-run to plan again"
        }
    }
}
