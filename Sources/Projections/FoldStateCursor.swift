import EventLog

/// A forward read over saved fold-state bytes in place, for the tables that make up most of a
/// large state (compliance's visits in flight): the encoding of ``FoldStateWriter`` (LEB128
/// varints, zig-zag signed integers, text as its length and UTF-8 bytes), each read inlined and
/// checked against the end of the bytes, without a call or a copy of the bytes per field.
/// ``FoldStateReader/withCursor(_:)`` lends one at the reader's offset.
struct FoldStateCursor {
    private let bytes: UnsafeRawBufferPointer
    /// The offset of the next byte to read.
    private(set) var offset: Int

    init(_ bytes: UnsafeRawBufferPointer, offset: Int) {
        self.bytes = bytes
        self.offset = offset
    }

    private func failure(_ expected: String) -> FoldStateDecodingError {
        FoldStateDecodingError(offset: offset, expected: expected)
    }

    /// Reads a LEB128 varint (one byte below 128, read without a loop).
    @inline(__always)
    mutating func unsigned() throws(FoldStateDecodingError) -> UInt64 {
        guard offset < bytes.count else { throw failure("an unsigned integer") }
        let first = bytes[offset]
        if first < 0x80 {
            offset += 1
            return UInt64(first)
        }
        return try longUnsigned()
    }

    @inline(never)
    private mutating func longUnsigned() throws(FoldStateDecodingError) -> UInt64 {
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
    @inline(__always)
    mutating func signed() throws(FoldStateDecodingError) -> Int64 {
        let zigzag = try unsigned()
        return Int64(bitPattern: zigzag >> 1) ^ -Int64(bitPattern: zigzag & 1)
    }

    /// Reads an `Int`.
    @inline(__always)
    mutating func int() throws(FoldStateDecodingError) -> Int {
        let value = try signed()
        guard let int = Int(exactly: value) else { throw failure("an integer") }
        return int
    }

    /// Reads a count, refusing one larger than the bytes left could hold.
    @inline(__always)
    mutating func count() throws(FoldStateDecodingError) -> Int {
        let value = try unsigned()
        guard value <= UInt64(bytes.count - offset) else { throw failure("a count") }
        return Int(value)
    }

    /// Moves past `count` bytes, refusing to move past the end.
    @inline(__always)
    mutating func skip(_ count: Int) throws(FoldStateDecodingError) {
        guard count >= 0, count <= bytes.count - offset else { throw failure("\(count) bytes") }
        offset += count
    }

    /// Reads text.
    @inline(__always)
    mutating func string() throws(FoldStateDecodingError) -> String {
        let length = try count()
        guard let text = String(checkedUTF8: UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + length])) else {
            throw failure("UTF-8 text")
        }
        offset += length
        return text
    }
}
