/// Computes many ``EventLeaf`` hashes with one salt key, for building and checking a whole
/// tree: the HMAC key blocks and the domain tags are absorbed once and copied per use, fields
/// are given as borrowed bytes, every hash state and digest is held inline (``SHA256Stream``:
/// no allocation per hash), and the digests go into one reused buffer. The hash equals
/// `EventLeaf.commit(…).leaf.leafHash` for the same fields.
///
/// Use: ``begin(sequence:)``, one ``add(name:value:)`` per field, then ``finish(eventType:)``.
package struct LeafHasher {
    /// HMAC-SHA256 with the salt key (RFC 2104): the inner and outer hashes after their key block.
    private let inner: SHA256Stream
    private let outer: SHA256Stream
    /// The current event's sequence.
    private var sequence: UInt64 = 0
    /// SHA-256 having absorbed the current event's seed: a field's salt continues it with the name.
    private var seeded = SHA256Stream()
    /// SHA-256 having absorbed the field tag: a field's digest continues it.
    private let fieldPrefix: SHA256Stream
    /// SHA-256 having absorbed 0x00 and the v1 or v2 leaf tag: the leaf hash continues it.
    private let leafPrefixV1: SHA256Stream
    private let leafPrefixV2: SHA256Stream
    /// The current event's leaf version.
    private var version = 1
    /// The current event's field digests.
    private var digests: [SHA256Words] = []

    package init(saltKey: FieldSaltKey) {
        var inner = SHA256Stream()
        var outer = SHA256Stream()
        // The key is 32 bytes: the key block is the key padded with zeroes to 64 bytes.
        var block = saltKey.bytes + [UInt8](repeating: 0, count: 64 - saltKey.bytes.count)
        for i in block.indices { block[i] ^= 0x36 }
        block.withUnsafeBytes { inner.update($0) }
        for i in block.indices { block[i] ^= 0x36 ^ 0x5c }
        block.withUnsafeBytes { outer.update($0) }
        self.inner = inner
        self.outer = outer
        fieldPrefix = SHA256Stream(absorbing: Self.raw("carelog/field/v1\n"))
        var leaf = SHA256Stream()
        leaf.update(bigEndian: UInt8(0))
        leaf.update(Self.raw("carelog/leaf/v1\n"))
        leafPrefixV1 = leaf
        leaf = SHA256Stream()
        leaf.update(bigEndian: UInt8(0))
        leaf.update(Self.raw("carelog/leaf/v2\n"))
        leafPrefixV2 = leaf
        digests.reserveCapacity(32)
    }

    /// Starts the leaf (of `version`, 1 or 2) of the event at `sequence`.
    package mutating func begin(sequence: UInt64, version: Int = 1) {
        self.sequence = sequence
        self.version = version
        var mac = inner
        mac.update(Self.raw("carelog/salt/v1\n"))
        mac.update(bigEndian: sequence)
        let innerDigest = mac.finalize()
        var seedHash = outer
        innerDigest.withBytes { seedHash.update($0) }
        let seed = seedHash.finalize()
        seeded = SHA256Stream()
        seed.withBytes { seeded.update($0) }
        digests.removeAll(keepingCapacity: true)
    }

    /// Adds one field (name and value as UTF-8 bytes).
    package mutating func add(name: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer) {
        var saltHash = seeded
        saltHash.update(name)
        let salt = saltHash.finalize()
        var hasher = fieldPrefix
        salt.withBytes(count: FieldDisclosure.saltLength) { hasher.update($0) }
        hasher.update(bigEndian: UInt32(truncatingIfNeeded: name.count))
        hasher.update(name)
        hasher.update(bigEndian: UInt32(truncatingIfNeeded: value.count))
        hasher.update(value)
        digests.append(hasher.finalize())
    }

    /// The leaf hash of the fields added since ``begin(sequence:)``; nil when two fields have
    /// the same digest (which ``EventLeaf`` refuses).
    package mutating func finish(eventType: UnsafeRawBufferPointer) -> MerkleHash? {
        digests.sort()
        for i in digests.indices.dropFirst() where digests[i] == digests[i - 1] { return nil }
        var hasher = version == 2 ? leafPrefixV2 : leafPrefixV1
        hasher.update(bigEndian: sequence)
        hasher.update(bigEndian: UInt32(truncatingIfNeeded: eventType.count))
        hasher.update(eventType)
        hasher.update(bigEndian: UInt32(truncatingIfNeeded: digests.count))
        digests.withUnsafeBytes { hasher.update($0) }
        return MerkleHash(words: hasher.finalize())
    }

    /// A literal's UTF-8 bytes (static storage, valid for the whole run).
    private static func raw(_ literal: StaticString) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount)
    }
}
