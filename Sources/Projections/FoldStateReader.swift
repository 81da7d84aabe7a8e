import CareCalendar
import CareRecord
import EventLog

/// Why saved fold-state bytes could not be read back. The runner treats it as a cache miss (the
/// report is rebuilt in full), so it never reaches a user; it names where reading stopped, never
/// a value.
public struct FoldStateDecodingError: Error, Equatable, Sendable {
    /// The byte offset where reading stopped.
    public var offset: Int
    /// What was expected there.
    public var expected: String
}

/// Reads back what a ``FoldStateWriter`` wrote, field by field in the same order.
public struct FoldStateReader {
    private let bytes: [UInt8]
    private var offset = 0

    /// A reader at the start of `bytes`.
    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// Whether every byte has been read.
    public var isAtEnd: Bool { offset == bytes.count }

    private func failure(_ expected: String) -> FoldStateDecodingError {
        FoldStateDecodingError(offset: offset, expected: expected)
    }

    /// Reads `count` raw bytes.
    public mutating func raw(_ count: Int) throws(FoldStateDecodingError) -> [UInt8] {
        guard count >= 0, bytes.count - offset >= count else { throw failure("\(count) bytes") }
        defer { offset += count }
        return Array(bytes[offset..<offset + count])
    }

    /// Moves past the next `count` bytes without copying them: the reader's bytes (the same
    /// storage, not a copy) and where those `count` bytes lie in them, for a section read in
    /// place later (compliance's saved visits, ``SavedVisits``).
    mutating func section(_ count: Int) throws(FoldStateDecodingError) -> (bytes: [UInt8], range: Range<Int>) {
        guard count >= 0, bytes.count - offset >= count else { throw failure("\(count) bytes") }
        defer { offset += count }
        return (bytes, offset..<offset + count)
    }

    /// Runs `body` with a ``FoldStateCursor`` at this reader's offset over its bytes in place,
    /// then moves this reader past what the cursor read.
    mutating func withCursor<Value>(_ body: (inout FoldStateCursor) throws(FoldStateDecodingError) -> Value)
        throws(FoldStateDecodingError) -> Value
    {
        let start = offset
        let (result, end) = bytes.withUnsafeBytes { raw in
            var cursor = FoldStateCursor(raw, offset: start)
            let result = Result { () throws(FoldStateDecodingError) in try body(&cursor) }
            return (result, cursor.offset)
        }
        offset = end
        return try result.get()
    }

    /// Reads a LEB128 varint.
    public mutating func unsigned() throws(FoldStateDecodingError) -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while offset < bytes.count, shift < 64 {
            let byte = bytes[offset]
            offset += 1
            value |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return value }
            shift += 7
        }
        throw failure("an unsigned integer")
    }

    /// Reads a zig-zag encoded signed integer.
    public mutating func signed() throws(FoldStateDecodingError) -> Int64 {
        let zigzag = try unsigned()
        return Int64(bitPattern: zigzag >> 1) ^ -Int64(bitPattern: zigzag & 1)
    }

    /// Reads an `Int`.
    public mutating func int() throws(FoldStateDecodingError) -> Int {
        let value = try signed()
        guard let int = Int(exactly: value) else { throw failure("an integer") }
        return int
    }

    /// Reads a count, refusing one larger than the bytes left could hold (damage, not a huge state).
    public mutating func count() throws(FoldStateDecodingError) -> Int {
        let value = try unsigned()
        guard value <= UInt64(bytes.count - offset) else { throw failure("a count") }
        return Int(value)
    }

    /// Reads a Boolean.
    public mutating func bool() throws(FoldStateDecodingError) -> Bool {
        guard offset < bytes.count, bytes[offset] <= 1 else { throw failure("a Boolean") }
        defer { offset += 1 }
        return bytes[offset] == 1
    }

    /// Reads text.
    public mutating func string() throws(FoldStateDecodingError) -> String {
        let length = try count()
        let range = offset..<offset + length
        let text = bytes.withUnsafeBytes { String(checkedUTF8: UnsafeRawBufferPointer(rebasing: $0[range])) }
        guard let text else { throw failure("UTF-8 text") }
        offset += length
        return text
    }

    /// Reads a date.
    public mutating func date() throws(FoldStateDecodingError) -> CareDate {
        let year = try int()
        let month = try unsigned()
        let day = try unsigned()
        guard month <= 12, day <= 31, let date = CareDate(year: year, month: Int(month), day: Int(day)) else {
            throw failure("a date")
        }
        return date
    }

    /// Reads a date written as its day number.
    public mutating func day() throws(FoldStateDecodingError) -> CareDate {
        let days = try signed()
        // Far beyond any calendar date a state holds, and safe from overflow in the arithmetic.
        guard days.magnitude < 1 << 40 else { throw failure("a day number") }
        return CareDate(daysSinceEpoch: Int(days))
    }

    /// Reads an instant.
    public mutating func instant() throws(FoldStateDecodingError) -> Timestamp {
        Timestamp(millisecondsSinceEpoch: try signed())
    }

    /// Reads a catalogue value by its raw text.
    public mutating func catalogue<Value: CatalogueEnum>(_ type: Value.Type) throws(FoldStateDecodingError) -> Value {
        guard let value = Value(rawValue: try string()) else { throw failure("a \(Value.self)") }
        return value
    }

    /// Reads a presence byte, then the value if there is one.
    public mutating func optional<Value>(_ read: (inout FoldStateReader) throws(FoldStateDecodingError) -> Value)
        throws(FoldStateDecodingError) -> Value?
    {
        try bool() ? try read(&self) : nil
    }

    /// Reads a value that reads itself.
    public mutating func value<Value: FoldStateCodable>(_ type: Value.Type) throws(FoldStateDecodingError) -> Value {
        try Value(from: &self)
    }

    /// Reads a dictionary keyed by text.
    public mutating func dictionary<Value: FoldStateCodable>(_ type: Value.Type) throws(FoldStateDecodingError)
        -> [String: Value]
    {
        let entries = try count()
        var out: [String: Value] = [:]
        out.reserveCapacity(entries)
        for _ in 0..<entries {
            let key = try string()
            out[key] = try Value(from: &self)
        }
        return out
    }

    /// Reads fixed-width integers written by ``FoldStateWriter/integers(_:)``.
    mutating func integers<Value: FixedWidthInteger>(_ type: Value.Type) throws(FoldStateDecodingError) -> [Value] {
        let items = try count()
        let width = MemoryLayout<Value>.size
        guard items <= (bytes.count - offset) / width else { throw failure("\(items) integers of \(width) bytes") }
        let start = offset
        offset += items * width
        return [Value](unsafeUninitializedCapacity: items) { buffer, initialized in
            bytes.withUnsafeBytes { source in
                let from = UnsafeRawBufferPointer(rebasing: source[start..<start + items * width])
                UnsafeMutableRawBufferPointer(buffer).copyMemory(from: from)
            }
            #if !_endian(little)
            for at in 0..<items { buffer[at] = Value(littleEndian: buffer[at]) }
            #endif
            initialized = items
        }
    }

    /// Reads an array.
    public mutating func array<Value>(_ read: (inout FoldStateReader) throws(FoldStateDecodingError) -> Value)
        throws(FoldStateDecodingError) -> [Value]
    {
        let items = try count()
        var out: [Value] = []
        out.reserveCapacity(items)
        for _ in 0..<items { out.append(try read(&self)) }
        return out
    }
}
