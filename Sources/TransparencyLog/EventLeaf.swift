/// The leaf Carelog puts in the tree for one event: a commitment to each field separately, so
/// one row can be proved while every other field stays hidden (SD-JWT-style salted digests).
///
/// Leaf bytes (the RFC 9162 leaf input; the leaf hash is SHA-256(0x00 ‖ these)):
///
///     "carelog/leaf/v1\n" or "carelog/leaf/v2\n"   (the leaf's version)
///     u64   sequence             (big-endian; the event's position, 1-based)
///     u32   len(eventType) ‖ eventType (UTF-8)
///     u32   n                    (number of fields)
///     n × 32-byte field digests, sorted ascending (byte order)
///
/// The sequence and event type are public in every proof; the field digests are opaque, and a
/// disclosure reveals a field by giving its salt, name and value. The two versions differ only
/// in the tag: a v2 leaf (from the store's `leafV2From` on) also commits to the pseudonym slot
/// fields of its event (``PseudonymSlots``; `Docs/proofs.md` §11), and the tag says so.
public struct EventLeaf: Sendable, Equatable {
    /// The leaf versions there are: 1 (fields of §2) and 2 (also the pseudonym slot fields).
    public static let versions: ClosedRange<Int> = 1...2

    public let sequence: UInt64
    /// 1 or 2.
    public let version: Int
    public let eventType: String
    /// Field digests, sorted.
    public let fieldDigests: [MerkleHash]

    /// A leaf from precomputed digests (what a proof bundle carries).
    public init(sequence: UInt64, eventType: String, fieldDigests: [MerkleHash], version: Int = 1)
        throws(EventLeafError)
    {
        guard sequence > 0 else { throw .malformed(reason: "sequence numbers start at 1") }
        guard Self.versions.contains(version) else { throw .malformed(reason: "leaf version \(version) is unknown") }
        guard Set(fieldDigests).count == fieldDigests.count else {
            throw .malformed(reason: "two fields have the same digest")
        }
        self.sequence = sequence
        self.version = version
        self.eventType = eventType
        self.fieldDigests = fieldDigests.sorted()
    }

    /// Commits to an event's fields, each salted with the salt derived from `saltKey`; returns
    /// the leaf and the disclosures of every field (the operator keeps or recomputes them).
    public static func commit(
        sequence: UInt64, eventType: String, fields: [(name: String, value: String)], saltKey: FieldSaltKey,
        version: Int = 1
    ) throws(EventLeafError) -> (leaf: EventLeaf, disclosures: [FieldDisclosure]) {
        var disclosures: [FieldDisclosure] = []
        disclosures.reserveCapacity(fields.count)
        let seed = saltKey.seed(sequence: sequence)
        for field in fields {
            guard !disclosures.contains(where: { $0.name == field.name }) else {
                throw .duplicateField(name: field.name)
            }
            disclosures.append(
                try FieldDisclosure(
                    salt: FieldSaltKey.salt(seed: seed, field: field.name), name: field.name, value: field.value))
        }
        let leaf = try EventLeaf(
            sequence: sequence, eventType: eventType, fieldDigests: disclosures.map(\.digest), version: version)
        return (leaf, disclosures)
    }

    /// The leaf input bytes.
    public var bytes: [UInt8] {
        var out = Array(Self.tag(version: version).utf8)
        out.appendBigEndian(sequence)
        let type = Array(eventType.utf8)
        out.appendBigEndian(UInt32(truncatingIfNeeded: type.count))
        out += type
        out.appendBigEndian(UInt32(truncatingIfNeeded: fieldDigests.count))
        for digest in fieldDigests { out += digest.bytes }
        return out
    }

    /// The domain tag that starts a leaf of `version`.
    static func tag(version: Int) -> String { "carelog/leaf/v\(version)\n" }

    /// The RFC 9162 leaf hash; the leaf's index in the tree is `sequence - 1`.
    public var leafHash: MerkleHash { .leaf(bytes) }

    /// The tree index of this leaf.
    public var index: UInt64 { sequence - 1 }

    /// Checks that each disclosure is one of this leaf's fields.
    public func verify(_ disclosures: [FieldDisclosure]) throws(EventLeafError) {
        for disclosure in disclosures where !fieldDigests.contains(disclosure.digest) {
            throw .disclosureMismatch(field: disclosure.name)
        }
    }
}
