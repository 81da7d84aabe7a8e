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
}
