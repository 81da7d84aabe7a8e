import Crypto

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

    /// The digest's 32 bytes.
    package var bytes: [UInt8] {
        withUnsafeBytes(of: words) { Array($0) }
    }

    /// An incremental SHA-256 whose result is an ``InlineDigest``.
    package struct Hasher256 {
        private var state = SHA256()

        /// Adds raw bytes.
        package mutating func update(_ buffer: UnsafeRawBufferPointer) { state.update(bufferPointer: buffer) }

        /// Adds the bytes of an array.
        package mutating func update(_ bytes: [UInt8]) {
            bytes.withUnsafeBytes { state.update(bufferPointer: $0) }
        }

        /// Adds a string's UTF-8 bytes.
        package mutating func update(utf8 text: String) {
            var text = text
            text.withUTF8 { state.update(bufferPointer: UnsafeRawBufferPointer($0)) }
        }

        /// Adds an integer's eight bytes, most significant first.
        package mutating func update(bigEndian value: Int64) {
            withUnsafeBytes(of: value.bigEndian) { state.update(bufferPointer: $0) }
        }

        /// The digest of everything added.
        package func finalize() -> InlineDigest {
            var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
            state.finalize().withUnsafeBytes { digest in
                withUnsafeMutableBytes(of: &words) { $0.copyMemory(from: digest) }
            }
            return InlineDigest(words: words)
        }
    }
}
