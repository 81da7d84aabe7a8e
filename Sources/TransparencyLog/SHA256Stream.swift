import CSHA256

/// SHA-256 with its state held inline (no allocation per hash), for the tree's many short
/// messages: field digests, salts, leaves and nodes. Copying a value copies the state, so a
/// prefix absorbed once (an HMAC key block, a domain tag) is reused by copying. Uses the x86
/// SHA extensions where the processor has them; the output is SHA-256's whatever the path
/// (tests compare it with swift-crypto's on every length up to several blocks).
package struct SHA256Stream {
    private var context = carelog_sha256()

    package init() { carelog_sha256_init(&context) }

    /// A stream that has already absorbed `prefix`.
    package init(absorbing prefix: UnsafeRawBufferPointer) {
        self.init()
        update(prefix)
    }

    package mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        carelog_sha256_update(&context, base, bytes.count)
    }

    /// Absorbs a fixed-width integer in big-endian byte order.
    package mutating func update<T: FixedWidthInteger>(bigEndian value: T) {
        withUnsafeBytes(of: value.bigEndian) { update($0) }
    }

    /// The digest, as four words whose memory holds the 32 digest bytes in order.
    package mutating func finalize() -> SHA256Words {
        var words = SHA256Words()
        withUnsafeMutableBytes(of: &words.raw) { out in
            guard let base = out.baseAddress else { return }
            carelog_sha256_final(&context, base.assumingMemoryBound(to: UInt8.self))
        }
        return words
    }

    /// True when the x86 SHA extensions are in use.
    package static var isAccelerated: Bool { carelog_sha256_accelerated() != 0 }
}

/// A SHA-256 digest held inline: 32 bytes in memory order, compared as its bytes are.
package struct SHA256Words: Comparable, Hashable, Sendable {
    package var raw: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

    package init() {}

    /// The digest's bytes.
    package var bytes: [UInt8] { withUnsafeBytes(of: raw) { Array($0) } }

    /// Calls `body` with the 32 bytes (or the first `count` of them).
    package func withBytes<R>(count: Int = 32, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try withUnsafeBytes(of: raw) { try body(UnsafeRawBufferPointer(rebasing: $0.prefix(count))) }
    }

    /// The words in big-endian order, so that tuple order is byte order.
    private var ordered: (UInt64, UInt64, UInt64, UInt64) {
        (UInt64(bigEndian: raw.0), UInt64(bigEndian: raw.1), UInt64(bigEndian: raw.2), UInt64(bigEndian: raw.3))
    }

    package static func < (lhs: SHA256Words, rhs: SHA256Words) -> Bool { lhs.ordered < rhs.ordered }

    package static func == (lhs: SHA256Words, rhs: SHA256Words) -> Bool { lhs.raw == rhs.raw }

    package func hash(into hasher: inout Hasher) {
        hasher.combine(raw.0)
        hasher.combine(raw.1)
        hasher.combine(raw.2)
        hasher.combine(raw.3)
    }
}
