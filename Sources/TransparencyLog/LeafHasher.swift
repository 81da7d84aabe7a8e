import Crypto

/// Computes many ``EventLeaf`` hashes with one salt key, for checking a whole tree: the HMAC key
/// schedule is done once, fields are given as borrowed bytes, and the digests go into one
/// reused buffer. The hash equals `EventLeaf.commit(…).leaf.leafHash` for the same fields.
///
/// Use: ``begin(sequence:)``, one ``add(name:value:)`` per field, then ``finish(eventType:)``.
package struct LeafHasher {
    /// HMAC-SHA256 keyed with the salt key, not yet fed: copied for each event's seed.
    private let keyed: HMAC<SHA256>
    /// The current event's sequence and seed.
    private var sequence: UInt64 = 0
    /// The current event's seed (32 bytes, overwritten per event) and the HMAC message buffer.
    private var seed: [UInt8] = []
    private var message = Array("carelog/salt/v1\n".utf8) + Array(repeating: 0, count: 8)
    /// The current event's field digests, as big-endian words (their byte order sorts them).
    private var digests: [Digest] = []

    /// A 32-byte digest as four big-endian words, ordered as its bytes are.
    private struct Digest: Comparable {
        var a: UInt64
        var b: UInt64
        var c: UInt64
        var d: UInt64

        init(_ digest: SHA256Digest) {
            var words = (UInt64(0), UInt64(0), UInt64(0), UInt64(0))
            digest.withUnsafeBytes { raw in
                words = (
                    raw.loadUnaligned(fromByteOffset: 0, as: UInt64.self),
                    raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self),
                    raw.loadUnaligned(fromByteOffset: 16, as: UInt64.self),
                    raw.loadUnaligned(fromByteOffset: 24, as: UInt64.self)
                )
            }
            (a, b, c, d) = (
                UInt64(bigEndian: words.0), UInt64(bigEndian: words.1), UInt64(bigEndian: words.2),
                UInt64(bigEndian: words.3)
            )
        }

        static func < (lhs: Digest, rhs: Digest) -> Bool { (lhs.a, lhs.b, lhs.c, lhs.d) < (rhs.a, rhs.b, rhs.c, rhs.d) }

        func update(_ hasher: inout SHA256) {
            withUnsafeBytes(of: (a.bigEndian, b.bigEndian, c.bigEndian, d.bigEndian)) {
                hasher.update(bufferPointer: $0)
            }
        }
    }

    package init(saltKey: FieldSaltKey) {
        keyed = HMAC<SHA256>(key: SymmetricKey(data: saltKey.bytes))
    }

    /// Starts the leaf of the event at `sequence`.
    package mutating func begin(sequence: UInt64) {
        self.sequence = sequence
        var mac = keyed
        withUnsafeBytes(of: sequence.bigEndian) { bytes in
            for i in 0..<8 { message[16 + i] = bytes[i] }
        }
        mac.update(data: message)
        let code = mac.finalize()
        seed.removeAll(keepingCapacity: true)
        code.withUnsafeBytes { seed.append(contentsOf: $0) }
        digests.removeAll(keepingCapacity: true)
    }

    /// Adds one field (name and value as UTF-8 bytes).
    package mutating func add(name: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer) {
        var saltHasher = SHA256()
        seed.withUnsafeBytes { saltHasher.update(bufferPointer: $0) }
        saltHasher.update(bufferPointer: name)
        let salt = saltHasher.finalize()
        var hasher = SHA256()
        hasher.update(bufferPointer: Self.fieldTag)
        salt.withUnsafeBytes { hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: $0.prefix(16))) }
        withUnsafeBytes(of: UInt32(truncatingIfNeeded: name.count).bigEndian) { hasher.update(bufferPointer: $0) }
        hasher.update(bufferPointer: name)
        withUnsafeBytes(of: UInt32(truncatingIfNeeded: value.count).bigEndian) { hasher.update(bufferPointer: $0) }
        hasher.update(bufferPointer: value)
        digests.append(Digest(hasher.finalize()))
    }

    /// The leaf hash of the fields added since ``begin(sequence:)``; nil when two fields have
    /// the same digest (which ``EventLeaf`` refuses).
    package mutating func finish(eventType: UnsafeRawBufferPointer) -> MerkleHash? {
        digests.sort()
        for i in digests.indices.dropFirst() where digests[i] == digests[i - 1] { return nil }
        var hasher = SHA256()
        withUnsafeBytes(of: UInt8(0)) { hasher.update(bufferPointer: $0) }
        hasher.update(bufferPointer: Self.leafTag)
        withUnsafeBytes(of: sequence.bigEndian) { hasher.update(bufferPointer: $0) }
        withUnsafeBytes(of: UInt32(truncatingIfNeeded: eventType.count).bigEndian) { hasher.update(bufferPointer: $0) }
        hasher.update(bufferPointer: eventType)
        withUnsafeBytes(of: UInt32(truncatingIfNeeded: digests.count).bigEndian) { hasher.update(bufferPointer: $0) }
        for digest in digests { digest.update(&hasher) }
        return MerkleHash(hasher.finalize())
    }

    private static var fieldTag: UnsafeRawBufferPointer { raw("carelog/field/v1\n") }
    private static var leafTag: UnsafeRawBufferPointer { raw("carelog/leaf/v1\n") }

    /// A literal's UTF-8 bytes (static storage, valid for the whole run).
    private static func raw(_ literal: StaticString) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount)
    }
}
