import EventLog

/// A set of stream names in a fixed 2 MiB, whatever how many are inserted (a Bloom filter of
/// 2^24 bits, two probes in one 64-byte block): ``mayContain(_:)`` is never `false` for a name inserted, and rarely
/// `true` for one that was not (about 1 in 1,000 after 300,000 names; more after millions).
///
/// For a question that is answered exactly either way, only faster when the answer is "no".
struct StreamFilter {
    /// The bits, allocated at the first insertion.
    private var words: [UInt64] = []
    private static let bitCount = 1 << 24

    /// Adds a name.
    mutating func insert(_ stream: StreamName) {
        if words.isEmpty { words = Array(repeating: 0, count: Self.bitCount / 64) }
        let (a, b) = Self.probes(stream)
        words[a >> 6] |= 1 << UInt64(a & 63)
        words[b >> 6] |= 1 << UInt64(b & 63)
    }

    /// `false` when the name was certainly never inserted.
    func mayContain(_ stream: StreamName) -> Bool {
        guard !words.isEmpty else { return false }
        let (a, b) = Self.probes(stream)
        return words[a >> 6] & (1 << UInt64(a & 63)) != 0 && words[b >> 6] & (1 << UInt64(b & 63)) != 0
    }

    /// Two bit positions from the name's hash (made with the name), in the same 512-bit block
    /// (one cache line: a question costs one miss of the cache, not two).
    private static func probes(_ stream: StreamName) -> (Int, Int) {
        let hash = stream.keyedHash
        let mask = UInt64(bitCount - 1)
        let first = hash & mask
        let second = (first & ~511) | ((hash >> 40) & 511)
        return (Int(truncatingIfNeeded: first), Int(truncatingIfNeeded: second))
    }
}
