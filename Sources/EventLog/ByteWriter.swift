/// Appends big-endian integers and length-prefixed byte strings: the canonical encoding's grammar.
package struct ByteWriter: Sendable {
    /// The bytes written so far.
    package private(set) var bytes: [UInt8] = []

    /// Creates an empty writer, optionally reserving capacity.
    package init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    /// Two bytes, big-endian.
    package mutating func u16(_ v: UInt16) { withUnsafeBytes(of: v.bigEndian) { bytes.append(contentsOf: $0) } }
    /// Four bytes, big-endian.
    package mutating func u32(_ v: UInt32) { withUnsafeBytes(of: v.bigEndian) { bytes.append(contentsOf: $0) } }
    /// Eight bytes, big-endian.
    package mutating func u64(_ v: UInt64) { withUnsafeBytes(of: v.bigEndian) { bytes.append(contentsOf: $0) } }
    /// Eight bytes, big-endian two's complement.
    package mutating func i64(_ v: Int64) { u64(UInt64(bitPattern: v)) }
    /// A u16 length then the UTF-8 bytes (an absent string is written as length 0).
    package mutating func shortString(_ s: String?) {
        guard let s else { return u16(0) }
        u16(UInt16(s.utf8.count))
        bytes.append(contentsOf: s.utf8)
    }
    /// A u32 length then the bytes.
    package mutating func longBytes(_ v: [UInt8]) {
        u32(UInt32(v.count))
        bytes.append(contentsOf: v)
    }
}

/// Reads what ``ByteWriter`` wrote, from a borrowed buffer; every read is bounds-checked.
package struct ByteReader {
    let base: UnsafeRawBufferPointer
    /// Offset of the next byte to read.
    package private(set) var offset: Int = 0

    /// Reads from `buffer`, which must outlive the reader.
    package init(_ buffer: UnsafeRawBufferPointer) { self.base = buffer }

    /// Bytes not yet read.
    package var remaining: Int { base.count - offset }

    // Inlined (with the reads below): reading a stored event's header and names (a
    // `BorrowedEvent`) was a call per field, several per cent of a cold report.
    @inline(__always)
    mutating func take(_ n: Int) throws(EventRecordCodec.DecodingFailure) -> UnsafeRawBufferPointer {
        guard n >= 0, n <= remaining else { throw .truncated(at: offset) }
        defer { offset += n }
        return UnsafeRawBufferPointer(rebasing: base[offset..<(offset + n)])
    }

    /// One byte.
    @inline(__always)
    package mutating func u8() throws(EventRecordCodec.DecodingFailure) -> UInt8 {
        guard offset < base.count else { throw .truncated(at: offset) }
        defer { offset += 1 }
        return base[offset]
    }
    /// Two bytes, big-endian.
    @inline(__always)
    package mutating func u16() throws(EventRecordCodec.DecodingFailure) -> UInt16 {
        let b = try take(2)
        return UInt16(b[0]) << 8 | UInt16(b[1])
    }
    /// Four bytes, big-endian.
    @inline(__always)
    package mutating func u32() throws(EventRecordCodec.DecodingFailure) -> UInt32 {
        let b = try take(4)
        return b.reduce(0) { $0 << 8 | UInt32($1) }
    }
    /// Eight bytes, big-endian.
    package mutating func u64() throws(EventRecordCodec.DecodingFailure) -> UInt64 {
        let b = try take(8)
        return b.reduce(0) { $0 << 8 | UInt64($1) }
    }
    /// Eight bytes, big-endian two's complement.
    package mutating func i64() throws(EventRecordCodec.DecodingFailure) -> Int64 { Int64(bitPattern: try u64()) }
    /// A u16-length-prefixed UTF-8 string; empty means absent.
    package mutating func shortString() throws(EventRecordCodec.DecodingFailure) -> String? {
        let n = Int(try u16())
        if n == 0 { return nil }
        let b = try take(n)
        guard let s = String(checkedUTF8: b) else { throw .invalidUTF8(at: offset - n) }
        return s
    }
    /// A u32-length-prefixed byte string, borrowed.
    @inline(__always)
    package mutating func longBytes() throws(EventRecordCodec.DecodingFailure) -> UnsafeRawBufferPointer {
        try take(Int(try u32()))
    }
    /// A u16-length-prefixed string's bytes, borrowed and not checked as UTF-8.
    @inline(__always)
    package mutating func shortStringBytes() throws(EventRecordCodec.DecodingFailure) -> UnsafeRawBufferPointer {
        try take(Int(try u16()))
    }
    /// Skips a u16-length-prefixed string.
    package mutating func skipShortString() throws(EventRecordCodec.DecodingFailure) {
        _ = try take(Int(try u16()))
    }
}
