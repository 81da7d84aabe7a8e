import Crypto

/// The signature types of C2SP `signed-note` this module speaks.
public enum NoteSignatureType: UInt8, Sendable, Equatable {
    /// Ed25519 over the note text (a log's checkpoint signature).
    case ed25519 = 0x01
    /// Timestamped Ed25519 witness cosignature, C2SP `tlog-cosignature` `cosignature/v1`.
    case cosignatureV1 = 0x04
}

/// Key names: non-empty, no Unicode spaces, no `+` (C2SP signed-note).
enum NoteKeyName {
    static func isValid(_ name: String) -> Bool {
        !name.isEmpty && !name.unicodeScalars.contains { $0 == "+" || $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7F }
    }

    /// key ID = SHA-256(name ‖ 0x0A ‖ type ‖ public key)[:4], big-endian.
    static func keyID(name: String, type: NoteSignatureType, publicKey: some Collection<UInt8>) -> UInt32 {
        var hasher = SHA256()
        hasher.update(data: Array(name.utf8) + [0x0A, type.rawValue])
        hasher.update(data: Array(publicKey))
        let digest = Array(hasher.finalize())
        return UInt32(digest[0]) << 24 | UInt32(digest[1]) << 16 | UInt32(digest[2]) << 8 | UInt32(digest[3])
    }

    static func hex(_ keyID: UInt32) -> String {
        HexCoding.encode([UInt8(keyID >> 24), UInt8(keyID >> 16 & 0xFF), UInt8(keyID >> 8 & 0xFF), UInt8(keyID & 0xFF)])
    }
}

/// A public key that checks signatures on notes: a log's key (type 0x01) or a witness's
/// (type 0x04). Its text form is the `vkey` a service publishes:
/// `<name>+<key ID, 8 hex digits>+<base64(type ‖ 32-byte public key)>`.
public struct NoteVerifierKey: Sendable, Equatable {
    public let name: String
    public let type: NoteSignatureType
    public let keyID: UInt32
    /// The 32-byte Ed25519 public key.
    public let publicKey: [UInt8]

    /// A verifier for a raw Ed25519 public key.
    public init(name: String, type: NoteSignatureType, publicKey: [UInt8]) throws(SignedNoteError) {
        guard NoteKeyName.isValid(name) else { throw .malformedKey(reason: "the key name is empty or holds a space, a control character or '+'") }
        guard publicKey.count == 32, (try? Curve25519.Signing.PublicKey(rawRepresentation: publicKey)) != nil else {
            throw .malformedKey(reason: "an Ed25519 public key is 32 bytes")
        }
        self.name = name
        self.type = type
        self.publicKey = publicKey
        self.keyID = NoteKeyName.keyID(name: name, type: type, publicKey: publicKey)
    }

    /// Parses a `vkey`; checks that its key ID matches its name and key.
    public init(vkey: String) throws(SignedNoteError) {
        // The base64 key material may itself hold '+': split off name and key ID only.
        let parts = vkey.split(separator: "+", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3 else { throw .malformedKey(reason: "a vkey has three parts separated by '+' (name, key ID, key)") }
        guard parts[1].utf8.count == 8, let id = HexCoding.decode(String(parts[1])) else {
            throw .malformedKey(reason: "the key ID is not 8 hex digits")
        }
        guard let material = Base64Coding.decode(String(parts[2])), let typeByte = material.first else {
            throw .malformedKey(reason: "the key material is not base64")
        }
        guard let type = NoteSignatureType(rawValue: typeByte) else {
            throw .malformedKey(reason: "signature type \(typeByte) is not supported (only 1, Ed25519, and 4, cosignature/v1)")
        }
        try self.init(name: String(parts[0]), type: type, publicKey: Array(material.dropFirst()))
        let stated = UInt32(id[0]) << 24 | UInt32(id[1]) << 16 | UInt32(id[2]) << 8 | UInt32(id[3])
        guard stated == keyID else { throw .malformedKey(reason: "the key ID does not match the name and key") }
    }

    /// The `vkey` text.
    public var vkey: String {
        "\(name)+\(NoteKeyName.hex(keyID))+\(Base64Coding.encode([type.rawValue] + publicKey))"
    }

    /// Whether `signature` over `message` is valid for this key.
    func isValid(signature: some Collection<UInt8>, for message: some Collection<UInt8>) -> Bool {
        guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: publicKey) else { return false }
        return key.isValidSignature(Array(signature), for: Array(message))
    }
}

/// A private key that signs notes (a log's checkpoints, type 0x01) or cosigns checkpoints
/// (a witness, type 0x04). Its text form, for a key file kept owner-only, is the Go
/// `sumdb/note` encoding `PRIVATE+KEY+<name>+<key ID hex>+<base64(type ‖ 32-byte seed)>`;
/// ``description`` never shows it.
public struct NoteSigner: Sendable, CustomStringConvertible {
    public let verifierKey: NoteVerifierKey
    /// The 32-byte Ed25519 seed (kept as bytes so the signer is `Sendable`).
    private let seed: [UInt8]

    public var name: String { verifierKey.name }
    public var type: NoteSignatureType { verifierKey.type }

    /// A signer for an existing Ed25519 private key.
    public init(name: String, type: NoteSignatureType, privateKey: Curve25519.Signing.PrivateKey) throws(SignedNoteError) {
        self.seed = Array(privateKey.rawRepresentation)
        self.verifierKey = try NoteVerifierKey(name: name, type: type, publicKey: Array(privateKey.publicKey.rawRepresentation))
    }

    /// A new random key (from the system's secure random source).
    public static func generate(name: String, type: NoteSignatureType) throws(SignedNoteError) -> NoteSigner {
        try NoteSigner(name: name, type: type, privateKey: Curve25519.Signing.PrivateKey())
    }

    /// Parses the `PRIVATE+KEY+…` text; checks that the key ID matches.
    public init(signerKey: String) throws(SignedNoteError) {
        let parts = signerKey.split(separator: "+", maxSplits: 4, omittingEmptySubsequences: false)
        guard parts.count == 5, parts[0] == "PRIVATE", parts[1] == "KEY" else {
            throw .malformedKey(reason: "a signer key reads PRIVATE+KEY+<name>+<key ID>+<key>")
        }
        guard parts[3].utf8.count == 8, let id = HexCoding.decode(String(parts[3])) else {
            throw .malformedKey(reason: "the key ID is not 8 hex digits")
        }
        guard let material = Base64Coding.decode(String(parts[4])), material.count == 33,
              let type = NoteSignatureType(rawValue: material[0]),
              let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: material.dropFirst())
        else { throw .malformedKey(reason: "the key material is not a type byte and a 32-byte Ed25519 seed in base64") }
        try self.init(name: String(parts[2]), type: type, privateKey: key)
        let stated = UInt32(id[0]) << 24 | UInt32(id[1]) << 16 | UInt32(id[2]) << 8 | UInt32(id[3])
        guard stated == verifierKey.keyID else { throw .malformedKey(reason: "the key ID does not match the name and key") }
    }

    /// The secret `PRIVATE+KEY+…` text. Write it only to an owner-only file.
    public var signerKey: String {
        "PRIVATE+KEY+\(name)+\(NoteKeyName.hex(verifierKey.keyID))+\(Base64Coding.encode([type.rawValue] + seed))"
    }

    /// Names the key without revealing it.
    public var description: String { "NoteSigner(\(verifierKey.vkey))" }

    /// An Ed25519 signature (deterministic, RFC 8032) over `message`.
    func signature(for message: [UInt8]) -> [UInt8] {
        // Signing with a valid key and an in-memory message cannot fail in swift-crypto's
        // BoringSSL backend; an empty signature would simply fail verification.
        guard let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: seed) else { return [] }
        return (try? Array(key.signature(for: message))) ?? []
    }
}
