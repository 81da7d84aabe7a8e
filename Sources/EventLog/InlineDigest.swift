import CSHA256

/// A SHA-256 digest held in four words instead of an array: no allocation to make, copy or
/// free, and hashed into a dictionary by one word (the digest is already uniformly spread).
///
/// For keys kept by the hundred thousand (an import's fact identities); ``EventHash`` remains
/// the digest the log stores and shows.
package struct InlineDigest: Hashable, Sendable {
    /// The digest's bytes 0–7, 8–15, 16–23 and 24–31, read in memory order.
    package let words: (UInt64, UInt64, UInt64, UInt64)

    /// SHA-256 over `parts`, in order, without joining them first.
    package static func sha256(parts: (inout Hasher256) -> Void) -> InlineDigest {
        var hasher = Hasher256()
        parts(&hasher)
        return hasher.finalize()
    }

    package static func == (lhs: InlineDigest, rhs: InlineDigest) -> Bool {
        lhs.words.0 == rhs.words.0 && lhs.words.1 == rhs.words.1 && lhs.words.2 == rhs.words.2
            && lhs.words.3 == rhs.words.3
    }

    package func hash(into hasher: inout Hasher) { hasher.combine(words.0) }

    /// The first word mixed with the table's seed, without a `Hasher`: the digest is already
    /// uniformly spread, and the seed (random per process) keeps a table's buckets unpredictable.
    package func _rawHashValue(seed: Int) -> Int { NameHash.tableHash(words.0, seed: seed) }

    /// The digest's 32 bytes.
    package var bytes: [UInt8] {
        withUnsafeBytes(of: words) { Array($0) }
    }

    /// The digest whose 32 bytes are `bytes` (as ``bytes`` gives them); `nil` for another length.
    package init?(bytes: UnsafeRawBufferPointer) {
        guard bytes.count == 32 else { return nil }
        var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        withUnsafeMutableBytes(of: &words) { $0.copyMemory(from: bytes) }
        self.words = words
    }

    private init(words: (UInt64, UInt64, UInt64, UInt64)) { self.words = words }

    /// An incremental SHA-256 whose result is an ``InlineDigest``: its state is held inline
    /// (`CSHA256`, the same digest as swift-crypto's), so a digest allocates and frees nothing.
    package struct Hasher256 {
        private var context = carelog_sha256()

        package init() { carelog_sha256_init(&context) }

        /// Adds raw bytes.
        package mutating func update(_ buffer: UnsafeRawBufferPointer) {
            guard let base = buffer.baseAddress, !buffer.isEmpty else { return }
            carelog_sha256_update(&context, base, buffer.count)
        }

        /// Adds the bytes of an array.
        package mutating func update(_ bytes: [UInt8]) {
            bytes.withUnsafeBytes { update($0) }
        }

        /// Adds a string's UTF-8 bytes.
        package mutating func update(utf8 text: String) {
            var text = text
            text.withUTF8 { update(UnsafeRawBufferPointer($0)) }
        }

        /// Adds an integer's eight bytes, most significant first.
        package mutating func update(bigEndian value: Int64) {
            withUnsafeBytes(of: value.bigEndian) { update($0) }
        }

        /// The digest of everything added.
        package func finalize() -> InlineDigest {
            var finished = context
            var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
            withUnsafeMutableBytes(of: &words) { out in
                guard let base = out.baseAddress else { return }
                carelog_sha256_final(&finished, base.assumingMemoryBound(to: UInt8.self))
            }
            return InlineDigest(words: words)
        }
    }
}
