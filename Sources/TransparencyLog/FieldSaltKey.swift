import Crypto

/// Derives every field salt from one operator secret, so salts need not be stored. Per event,
/// one HMAC: `seed = HMAC-SHA256(key, "carelog/salt/v1\n" ‖ u64 sequence)`; per field, one hash:
/// `salt = SHA-256(seed ‖ field name)[0..<16]` (truncated, so a disclosed salt neither reveals
/// the seed nor extends to another field's salt). The key must be kept for as long as proofs
/// must be issued, and never leave the operator.
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
        Self.salt(seed: seed(sequence: sequence), field: name)
    }

    /// The per-event secret every salt of the event at `sequence` is derived from.
    func seed(sequence: UInt64) -> [UInt8] {
        var message = Array("carelog/salt/v1\n".utf8)
        message.appendBigEndian(sequence)
        let mac = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: bytes))
        return mac.withUnsafeBytes { Array($0) }
    }

    /// The salt of field `name` from its event's seed.
    static func salt(seed: [UInt8], field name: String) -> [UInt8] {
        var hasher = SHA256()
        seed.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        var name = name
        name.withUTF8 { hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) }
        return hasher.finalize().withUnsafeBytes { Array($0.prefix(FieldDisclosure.saltLength)) }
    }
}
