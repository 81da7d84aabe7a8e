import Foundation

extension UnsafeRawBufferPointer {
    /// Whether these bytes are exactly `other`'s: the lengths first, then the bytes (for a
    /// reader matching an event type or a payload key against a few known names per event,
    /// where a byte-by-byte `elementsEqual` of two sequences cost a few percent of a rebuild).
    @inlinable
    package func sameBytes(as other: [UInt8]) -> Bool {
        guard count == other.count else { return false }
        guard count > 0, let base = baseAddress else { return true }
        return other.withUnsafeBytes { theirs in
            guard let their = theirs.baseAddress else { return false }
            return Self.equalBytes(base, their, count: count)
        }
    }

    /// Whether `count` bytes at `a` and `b` are equal. Names of 4 to 32 bytes (payload keys and
    /// event types) are compared as two or four overlapping words in place: a `memcmp` call for
    /// each was about 5 % of a compliance rebuild's CPU, most of it the call itself.
    @inlinable @inline(__always)
    package static func equalBytes(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, count: Int) -> Bool {
        switch count {
        case 8...16:
            return a.loadUnaligned(as: UInt64.self) == b.loadUnaligned(as: UInt64.self)
                && a.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
                    == b.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
        case 17...32:
            return a.loadUnaligned(as: UInt64.self) == b.loadUnaligned(as: UInt64.self)
                && a.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
                    == b.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
                && a.loadUnaligned(fromByteOffset: count - 16, as: UInt64.self)
                    == b.loadUnaligned(fromByteOffset: count - 16, as: UInt64.self)
                && a.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
                    == b.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
        case 4..<8:
            return a.loadUnaligned(as: UInt32.self) == b.loadUnaligned(as: UInt32.self)
                && a.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)
                    == b.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)
        default:
            return memcmp(a, b, count) == 0
        }
    }
}
