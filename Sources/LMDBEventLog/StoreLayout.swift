import EventLog
import LMDBStorage

/// The named LMDB databases of a Carelog store and the byte layout of their keys and values.
/// `Docs/storage.md` describes the same layout for auditors; keep the two in step.
enum StoreLayout {
    /// The format this build writes and reads, stored under `meta/format`.
    static let format = "carelog-store/1"

    /// Named databases.
    enum Name {
        /// `format`, `storeID`, `createdAt` → UTF-8 text; `indexedThrough` → u64 BE, the last
        /// sequence the stream and type indexes cover (absent in stores that index every commit).
        static let meta = "meta"
        /// u64 BE sequence → canonical event bytes ‖ 32-byte chain hash.
        static let events = "events"
        /// stream name (UTF-8) → u32 BE stream id (its last version is the last value in the stream index).
        static let streams = "streams"
        /// u32 BE stream id → sorted fixed-size values: u32 BE version ‖ u64 BE sequence.
        static let streamIndex = "stream-index"
        /// type name (UTF-8) → u32 BE type id.
        static let types = "types"
        /// u32 BE type id → sorted fixed-size values: u64 BE sequence.
        static let typeIndex = "type-index"
        /// idempotency key (UTF-8) → u64 BE first sequence ‖ u32 BE count ‖ 32-byte content digest.
        static let idempotency = "idempotency"
    }

    /// The indexes keep one key per stream or type and its entries as packed, sorted,
    /// fixed-size duplicate values, appended in order: full pages, a few bytes an event.
    static let databaseOptions: [String: DatabaseOptions] = [
        Name.streamIndex: .fixedSizeDuplicates, Name.typeIndex: .fixedSizeDuplicates,
    ]

    /// The meta key holding the indexes' watermark.
    static let indexedThroughKey = Array("indexedThrough".utf8)

    static func sequenceKey(_ s: UInt64) -> [UInt8] { be(s) }

    /// A stream-index value: version, then the sequence it was appended at.
    static func streamIndexValue(version: UInt32, sequence: UInt64) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: 12) { buffer, count in
            for i in 0..<4 { buffer[i] = UInt8(truncatingIfNeeded: version >> (24 - 8 * i)) }
            for i in 0..<8 { buffer[4 + i] = UInt8(truncatingIfNeeded: sequence >> (56 - 8 * i)) }
            count = 12
        }
    }

    static func be(_ v: UInt64) -> [UInt8] { withUnsafeBytes(of: v.bigEndian) { Array($0) } }
    static func be(_ v: UInt32) -> [UInt8] { withUnsafeBytes(of: v.bigEndian) { Array($0) } }

    static func u64(_ b: UnsafeRawBufferPointer, at offset: Int = 0) -> UInt64 {
        var v: UInt64 = 0
        for i in offset..<(offset + 8) { v = v << 8 | UInt64(b[i]) }
        return v
    }

    static func u32(_ b: UnsafeRawBufferPointer, at offset: Int = 0) -> UInt32 {
        var v: UInt32 = 0
        for i in offset..<(offset + 4) { v = v << 8 | UInt32(b[i]) }
        return v
    }

    /// Splits a stored event value into canonical bytes and hash.
    static func split(_ value: UnsafeRawBufferPointer) -> (canonical: UnsafeRawBufferPointer, hash: EventHash)? {
        guard value.count > 32,
            let hash = EventHash(bytes: UnsafeRawBufferPointer(rebasing: value[(value.count - 32)...]))
        else { return nil }
        return (UnsafeRawBufferPointer(rebasing: value[..<(value.count - 32)]), hash)
    }
}
