import EventLog

/// The log position a cache's entries were read from, as the fact index and the person index
/// record it: the sequence (u64, big-endian) and the 32-byte chain hash of the event there.
/// The chain hash fixes every event up to that sequence, so a cache trusts what it derived only
/// while the log still holds that hash at that sequence (not a store restored from an older
/// backup, nor another store's log).
package enum CachedLogPosition {
    /// The 40 bytes recording sequence `sequence` of `store`'s log.
    package static func bytes(at sequence: UInt64, of store: any EventStore) throws(EventStoreError) -> [UInt8] {
        withUnsafeBytes(of: sequence.bigEndian) { Array($0) }
            + (try store.checkpoint(knownAt: .sequence(sequence))).headHash.bytes
    }

    /// The sequence `bytes` record, if they are such a position and `store`'s log holds the
    /// recorded chain hash at it; nil otherwise (past the head, another chain, or malformed).
    package static func sequence(in bytes: [UInt8], of store: any EventStore) throws(EventStoreError) -> UInt64? {
        guard bytes.count == 40 else { return nil }
        let sequence = bytes[0..<8].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        guard sequence <= (try store.checkpoint()).sequence,
            try store.checkpoint(knownAt: .sequence(sequence)).headHash.bytes == Array(bytes[8..<40])
        else { return nil }
        return sequence
    }
}
