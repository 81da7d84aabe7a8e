import CSHA256
import CivilCalendar
import Crypto

/// A SHA-256 digest: an event's chain hash, a checkpoint's head, or a batch's content digest.
///
/// Held inline (an ``InlineDigest``, four words), not as an array: every event read from the
/// log carries its hash, and an array was an allocation to make, count and free for each of them.
public struct EventHash: Hashable, Sendable, Codable, CustomStringConvertible {
    private let digest: InlineDigest

    /// The 32 digest bytes.
    public var bytes: [UInt8] { digest.bytes }

    /// Calls `body` with the 32 digest bytes, without copying them into an array.
    public func withUnsafeBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        try Swift.withUnsafeBytes(of: digest.words, body)
    }

    /// The hash before the first event: 32 zero bytes.
    public static let genesis = EventHash(unchecked: [UInt8](repeating: 0, count: 32))

    /// Wraps 32 bytes; `nil` for any other length.
    public init?(bytes: [UInt8]) {
        guard bytes.count == 32 else { return nil }
        self.init(unchecked: bytes)
    }

    /// Wraps 32 bytes; `nil` for any other length.
    package init?(bytes: UnsafeRawBufferPointer) {
        guard let digest = InlineDigest(bytes: bytes) else { return nil }
        self.digest = digest
    }

    /// Wraps bytes the caller knows are 32 long (a digest the store itself computed).
    package init(unchecked bytes: [UInt8]) {
        self = bytes.withUnsafeBytes { EventHash(uncheckedCopying: $0) }
    }

    /// The 32 bytes at `bytes`, which the caller knows are 32 long (a stored event's hash).
    package init(uncheckedCopying bytes: UnsafeRawBufferPointer) {
        guard let digest = InlineDigest(bytes: UnsafeRawBufferPointer(rebasing: bytes.prefix(32))) else {
            preconditionFailure("a SHA-256 digest is 32 bytes")
        }
        self.digest = digest
    }

    init(_ digest: SHA256.Digest) { self = digest.withUnsafeBytes { EventHash(uncheckedCopying: $0) } }

    /// Parses 64 lower- or upper-case hex digits.
    public init?(hex: String) {
        let chars = Array(hex.utf8)
        guard chars.count == 64 else { return nil }
        var out = [UInt8]()
        out.reserveCapacity(32)
        var i = 0
        while i < 64 {
            guard let hi = hexValue(chars[i]), let lo = hexValue(chars[i + 1]) else { return nil }
            out.append(hi << 4 | lo)
            i += 2
        }
        self.init(unchecked: out)
    }

    /// Lower-case hex, 64 characters.
    public var hex: String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(64)
        withUnsafeBytes { bytes in
            for b in bytes {
                out.append(digits[Int(b >> 4)])
                out.append(digits[Int(b & 0x0F)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The hash as ``hex``.
    public var description: String { hex }

    /// The chain step: SHA-256(previous hash ‖ canonical encoding of the event).
    package static func chained(previous: EventHash, canonical: some Collection<UInt8>) -> EventHash {
        var hasher = SHA256()
        previous.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        if let done = canonical.withContiguousStorageIfAvailable({ buffer in
            hasher.update(bufferPointer: UnsafeRawBufferPointer(buffer))
        }) {
            _ = done
        } else {
            hasher.update(data: Array(canonical))
        }
        return EventHash(hasher.finalize())
    }

    /// The chain step without allocating: hashes the 32 bytes at `previous` and `canonical`
    /// into the 32 bytes at `output` (bulk appends write it straight into the stored value).
    package static func chain(
        previous: UnsafeRawBufferPointer, canonical: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer
    ) {
        precondition(previous.count == 32 && output.count == 32)
        // The state inline (`CSHA256`, the same digest as swift-crypto's): nothing allocated per event.
        var context = carelog_sha256()
        carelog_sha256_init(&context)
        if let base = previous.baseAddress { carelog_sha256_update(&context, base, 32) }
        if let base = canonical.baseAddress, !canonical.isEmpty {
            carelog_sha256_update(&context, base, canonical.count)
        }
        guard let out = output.baseAddress else { return }
        carelog_sha256_final(&context, out.assumingMemoryBound(to: UInt8.self))
    }

    /// SHA-256 of arbitrary bytes (used for extract and batch digests).
    public static func sha256(of data: some Collection<UInt8>) -> EventHash {
        var hasher = SHA256()
        hasher.update(data: Array(data))
        return EventHash(hasher.finalize())
    }

    /// Decodes the 64-hex-digit string form.
    public init(from decoder: any Decoder) throws {
        self = try StringCoding.decode(from: decoder, expecting: "expected 64 hex digits") { EventHash(hex: $0) }
    }

    /// Encodes as ``hex``.
    public func encode(to encoder: any Encoder) throws { try StringCoding.encode(hex, to: encoder) }
}

private func hexValue(_ c: UInt8) -> UInt8? {
    switch c {
    case 48...57: return c - 48
    case 97...102: return c - 87
    case 65...70: return c - 55
    default: return nil
    }
}
