import Crypto

/// One field of an event revealed with its salt: what an extract row hands an inspector so
/// the row's value can be matched against the event's leaf without revealing any other field.
///
/// Its digest is `SHA-256("carelog/field/v1\n" ‖ salt ‖ u32 len(name) ‖ name ‖ u32 len(value) ‖ value)`
/// (lengths big-endian, strings UTF-8). Without the 16-byte secret salt, a field's digest says
/// nothing testable about its value, however few values it can take.
public struct FieldDisclosure: Sendable, Equatable {
    /// The 16 secret salt bytes of this field of this event.
    public let salt: [UInt8]
    public let name: String
    public let value: String

    /// Length of a field salt in bytes (128 bits).
    public static let saltLength = 16

    public init(salt: [UInt8], name: String, value: String) throws(EventLeafError) {
        guard salt.count == Self.saltLength else { throw .malformed(reason: "a field salt is \(Self.saltLength) bytes") }
        guard !name.isEmpty else { throw .malformed(reason: "a field name is not empty") }
        self.salt = salt
        self.name = name
        self.value = value
    }

    /// The field's commitment, as listed in the leaf.
    public var digest: MerkleHash {
        var bytes = Array("carelog/field/v1\n".utf8)
        bytes += salt
        let name = Array(self.name.utf8)
        let value = Array(self.value.utf8)
        bytes.appendBigEndian(UInt32(truncatingIfNeeded: name.count))
        bytes += name
        bytes.appendBigEndian(UInt32(truncatingIfNeeded: value.count))
        bytes += value
        return MerkleHash(SHA256.hash(data: bytes))
    }
}

/// Derives every field salt from one operator secret, so salts need not be stored:
/// `salt = HMAC-SHA256(key, "carelog/salt/v1\n" ‖ u64 sequence ‖ field name)[0..<16]`.
/// The key must be kept for as long as proofs must be issued, and never leave the operator.
public struct FieldSaltKey: Sendable, CustomStringConvertible {
    /// The key's 32 secret bytes, to write to an owner-only key file.
    public let bytes: [UInt8]

    /// A key from 32 secret bytes.
    public init(bytes: [UInt8]) throws(EventLeafError) {
        guard bytes.count == 32 else { throw .malformed(reason: "a salt key is 32 bytes") }
        self.bytes = bytes
    }

    /// A new random key (from the system's secure random source).
    public static func generate() -> FieldSaltKey {
        FieldSaltKey(unchecked: SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) })
    }

    private init(unchecked bytes: [UInt8]) { self.bytes = bytes }

    /// Never shows the key.
    public var description: String { "FieldSaltKey(secret)" }

    /// The salt of field `name` of the event at `sequence`.
    public func salt(sequence: UInt64, field name: String) -> [UInt8] {
        var message = Array("carelog/salt/v1\n".utf8)
        message.appendBigEndian(sequence)
        message += Array(name.utf8)
        let mac = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: bytes))
        return Array(Array(mac).prefix(FieldDisclosure.saltLength))
    }
}
