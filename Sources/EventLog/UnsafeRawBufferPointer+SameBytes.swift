import Foundation

extension UnsafeRawBufferPointer {
    /// Whether these bytes are exactly `other`'s: the lengths first, then one `memcmp` (for a
    /// reader matching an event type or a payload key against a few known names per event,
    /// where a byte-by-byte `elementsEqual` of two sequences cost a few percent of a rebuild).
    @inlinable
    package func sameBytes(as other: [UInt8]) -> Bool {
        guard count == other.count else { return false }
        guard count > 0, let base = baseAddress else { return true }
        return other.withUnsafeBytes { theirs in
            guard let their = theirs.baseAddress else { return false }
            return memcmp(base, their, count) == 0
        }
    }
}
