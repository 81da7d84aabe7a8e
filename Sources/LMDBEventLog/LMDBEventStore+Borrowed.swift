import EventLog
import LMDBStorage

extension LMDBEventStore: StoredEventReading {
    /// Visits the events `selection` picks, each read in place from LMDB's pages inside one read
    /// transaction (``BorrowedEvent``), then calls `end` before the transaction closes (also
    /// when the read fails, with `false`, before the error is rethrown). Takes a
    /// selection by types or of the whole log, forward; the same events, in the same order, as
    /// ``read(_:_:)`` visits for it.
    package func readBorrowed(
        _ selection: EventSelection, _ visit: (BorrowedEvent) throws -> Void, end: (_ completed: Bool) throws -> Void
    ) throws {
        try readValues(
            selection, parsing: true,
            { _, event in
                guard let event else { return }
                try visit(event)
            }, end: end)
    }

    /// Visits the events `selection` picks, as ``readBorrowed(_:_:end:)`` does, each as its
    /// sequence and stored bytes, not read into a ``BorrowedEvent`` unless the selection bounds
    /// the valid time (whoever reads them does, on another thread).
    package func readStored(
        _ selection: EventSelection, _ visit: (_ sequence: UInt64, _ stored: UnsafeRawBufferPointer) throws -> Void,
        end: (_ completed: Bool) throws -> Void
    ) throws {
        let bounded = selection.occurredFrom != nil || selection.occurredBefore != nil
        try readValues(selection, parsing: bounded, { stored, _ in try visit(stored.0, stored.1) }, end: end)
    }

    /// Visits the events `selection` picks as ``readStored(_:_:end:)`` does; when the types it
    /// names are most of the log (the log is stepped through, not the type index), every event
    /// of the log in its range is handed on, its type not looked at here (the reader skips the
    /// types it did not ask for, on its own threads). Filtered as ``readStored(_:_:end:)`` is
    /// when the selection bounds the valid time or has a limit.
    package func readStoredUnfiltered(
        _ selection: EventSelection, _ visit: (_ sequence: UInt64, _ stored: UnsafeRawBufferPointer) throws -> Void,
        end: (_ completed: Bool) throws -> Void
    ) throws {
        let bounded = selection.occurredFrom != nil || selection.occurredBefore != nil
        try readValues(
            selection, parsing: bounded, filtering: bounded || selection.limit != nil,
            { stored, _ in try visit(stored.0, stored.1) }, end: end)
    }

    /// The read of both: each value visited with its sequence and, with `parsing`, as a
    /// ``BorrowedEvent`` (a value that cannot be read then fails the read); without `filtering`,
    /// also events of other types where the log is stepped through (not with `parsing`).
    private func readValues(
        _ selection: EventSelection, parsing: Bool, filtering: Bool = true,
        _ visit: ((UInt64, UnsafeRawBufferPointer), BorrowedEvent?) throws -> Void,
        end: (_ completed: Bool) throws -> Void
    ) throws {
        guard selection.stream == nil, selection.direction == .forward else {
            try? end(false)
            throw EventStoreError.storage(detail: "a borrowed read takes a forward selection by types or of the log")
        }
        try env.read { txn in
            var remaining = selection.limit ?? Int.max
            func emit(_ sequence: UInt64, _ value: UnsafeRawBufferPointer) throws -> Bool {
                guard remaining > 0 else { return false }
                if parsing {
                    let event: BorrowedEvent
                    do {
                        event = try BorrowedEvent(stored: value)
                    } catch {
                        throw EventStoreError.corrupted(detail: "event \(sequence) cannot be decoded (\(error))")
                    }
                    guard selection.admitsOccurredAt(event.occurredAt) else { return true }
                    try visit((sequence, value), event)
                } else {
                    try visit((sequence, value), nil)
                }
                remaining -= 1
                return remaining > 0
            }
            do {
                let cut = try cutoff(selection.knownAt, txn)
                if remaining > 0 {
                    if let types = selection.types {
                        try visitTypes(types, selection, cut: cut, filtering: filtering, txn, emit)
                    } else {
                        try txn.withCursor(events) { cursor in
                            var entry = try cursor.seek(atOrAfter: StoreLayout.sequenceKey(selection.fromSequence ?? 1))
                            while let e = entry {
                                let sequence = StoreLayout.u64(e.key)
                                if sequence > cut { break }
                                if try !emit(sequence, e.value) { break }
                                entry = try cursor.next()
                            }
                        }
                    }
                }
            } catch {
                try? end(false)
                throw error
            }
            try end(true)
        }
    }
}
