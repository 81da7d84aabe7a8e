/// A store that can hand out each stored event's bytes in place, not yet read into a
/// ``BorrowedEvent``: a reader that reads them on other threads (the projection runner's
/// decoding threads) leaves the thread walking the log only the walk.
package protocol StoredEventReading: BorrowedEventReading {
    /// Visits the events `selection` picks, as ``BorrowedEventReading/readBorrowed(_:_:end:)``
    /// does, each as its sequence and its stored bytes (canonical bytes and hash, as
    /// ``BorrowedEvent/init(stored:)`` reads them), valid until `end` returns. A stored event
    /// that cannot be read is handed on all the same, unless the selection bounds the valid time
    /// (then the read fails there, as ``BorrowedEventReading/readBorrowed(_:_:end:)`` does).
    func readStored(
        _ selection: EventSelection, _ visit: (_ sequence: UInt64, _ stored: UnsafeRawBufferPointer) throws -> Void,
        end: (_ completed: Bool) throws -> Void
    ) throws

    /// Visits the events `selection` picks as ``readStored(_:_:end:)`` does, and where skipping
    /// the others costs the store more than handing them on (a read of most of the log), also
    /// events of types the selection does not name: whoever reads them skips those. Every event
    /// of the selection's types is handed on, in log order, as ``readStored(_:_:end:)`` hands it.
    func readStoredUnfiltered(
        _ selection: EventSelection, _ visit: (_ sequence: UInt64, _ stored: UnsafeRawBufferPointer) throws -> Void,
        end: (_ completed: Bool) throws -> Void
    ) throws
}

extension StoredEventReading {
    /// Hands on only the events `selection` picks (``readStored(_:_:end:)``).
    package func readStoredUnfiltered(
        _ selection: EventSelection, _ visit: (_ sequence: UInt64, _ stored: UnsafeRawBufferPointer) throws -> Void,
        end: (_ completed: Bool) throws -> Void
    ) throws {
        try readStored(selection, visit, end: end)
    }
}
