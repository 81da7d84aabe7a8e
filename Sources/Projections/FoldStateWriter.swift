import CareCalendar
import CareRecord
import EventLog

/// Writes a fold state in the projection checkpoints' compact binary form: unsigned integers as
/// LEB128 varints, signed ones zig-zag encoded, text as its UTF-8 length and bytes, dates as
/// year, month and day, instants as milliseconds, an optional as a presence byte before the
/// value. No field names, no padding: the reader reads the fields back in the order written
/// (the projection's ``ResumableProjection/foldVersion`` changes whenever that order does).
public struct FoldStateWriter: Sendable {
    /// The bytes written so far.
    public private(set) var bytes: [UInt8] = []

    /// An empty writer.
    public init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    /// Makes room for `count` more bytes at once (a large state written in one go grows its
    /// buffer once instead of doubling it, with a copy, a dozen times).
    mutating func reserve(_ count: Int) { bytes.reserveCapacity(bytes.count + max(0, count)) }

    /// Appends raw bytes (a fixed-size field such as a hash).
    public mutating func raw(_ value: [UInt8]) { bytes.append(contentsOf: value) }

    /// Appends raw bytes read in place (a saved entry copied as it was written).
    mutating func raw(_ value: UnsafeRawBufferPointer) { bytes.append(contentsOf: value) }

    /// Appends fixed-width integers as their count and their little-endian bytes, copied whole (a
    /// column of numbers millions long, read back by ``FoldStateReader/integers(_:)``).
    mutating func integers<Value: FixedWidthInteger>(_ values: [Value]) {
        count(values.count)
        #if _endian(little)
        values.withUnsafeBytes { raw($0) }
        #else
        for value in values { Swift.withUnsafeBytes(of: value.littleEndian) { raw($0) } }
        #endif
    }

    /// Appends an unsigned integer as a LEB128 varint (one byte below 128).
    public mutating func unsigned(_ value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    /// Appends a signed integer, zig-zag encoded (small magnitudes take one byte).
    public mutating func signed(_ value: Int64) {
        unsigned(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    /// Appends an `Int`.
    public mutating func int(_ value: Int) { signed(Int64(value)) }

    /// Appends a count of items that follow.
    public mutating func count(_ value: Int) { unsigned(UInt64(max(0, value))) }

    /// Appends a Boolean as one byte.
    public mutating func bool(_ value: Bool) { bytes.append(value ? 1 : 0) }

    /// Appends text as its UTF-8 length and bytes.
    public mutating func string(_ value: String) {
        var text = value
        text.withUTF8 { utf8 in
            count(utf8.count)
            bytes.append(contentsOf: utf8)
        }
    }

    /// Appends a date as year, month and day.
    public mutating func date(_ value: CareDate) {
        int(value.year)
        unsigned(UInt64(value.month))
        unsigned(UInt64(value.day))
    }

    /// Appends a date as its day number (days since 1970-01-01): one varint, two or three bytes.
    public mutating func day(_ value: CareDate) { int(value.daysSinceEpoch) }

    /// Appends an instant as milliseconds since the epoch.
    public mutating func instant(_ value: Timestamp) { signed(value.millisecondsSinceEpoch) }

    /// Appends a catalogue value as its raw text (stable across reorderings of the catalogue).
    public mutating func catalogue<Value: CatalogueEnum>(_ value: Value) { string(value.rawValue) }

    /// Appends a presence byte, then the value if there is one.
    public mutating func optional<Value>(_ value: Value?, _ write: (inout FoldStateWriter, Value) -> Void) {
        guard let value else {
            bool(false)
            return
        }
        bool(true)
        write(&self, value)
    }

    /// Appends a value that writes itself.
    public mutating func value<Value: FoldStateCodable>(_ value: Value) { value.write(to: &self) }

    /// Appends a dictionary keyed by text: its count, then each key and value (in the
    /// dictionary's order; the reader does not depend on it).
    public mutating func dictionary<Value: FoldStateCodable>(_ value: [String: Value]) {
        count(value.count)
        for (key, item) in value {
            string(key)
            item.write(to: &self)
        }
    }

    /// Appends an array: its count, then each element.
    public mutating func array<Value>(_ value: [Value], _ write: (inout FoldStateWriter, Value) -> Void) {
        count(value.count)
        for item in value { write(&self, item) }
    }
}
