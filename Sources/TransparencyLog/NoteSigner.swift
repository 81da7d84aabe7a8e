import Crypto

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
    public init(name: String, type: NoteSignatureType, privateKey: Curve25519.Signing.PrivateKey)
        throws(SignedNoteError)
    {
        self.seed = Array(privateKey.rawRepresentation)
        self.verifierKey = try NoteVerifierKey(
            name: name, type: type, publicKey: Array(privateKey.publicKey.rawRepresentation))
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
        guard stated == verifierKey.keyID else {
            throw .malformedKey(reason: "the key ID does not match the name and key")
        }
    }

    /// The secret `PRIVATE+KEY+…` text. Write it only to an owner-only file.
    public var signerKey: String {
        "PRIVATE+KEY+\(name)+\(NoteKeyName.hex(verifierKey.keyID))+\(Base64Coding.encode([type.rawValue] + seed))"
    }

    /// Names the key without revealing it.
    public var description: String { "NoteSigner(\(verifierKey.vkey))" }

    /// HMAC-SHA256 of `message` under a key derived from this signer's private key for
    /// `context` (`HMAC-SHA256(seed, "carelog/derived-mac/v1\n" ‖ context)`): lets the key's
    /// holder authenticate a record of its own (the position `carelog checkpoint --sign` last
    /// verified) that nobody without the key can forge, with no signature a note verifier could
    /// mistake for a note's.
    package func authenticationCode(for message: [UInt8], context: String) -> [UInt8] {
        let derived = HMAC<SHA256>.authenticationCode(
            for: Array("carelog/derived-mac/v1\n\(context)".utf8), using: SymmetricKey(data: seed))
        return Array(HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: Array(derived))))
    }

    /// An Ed25519 signature (deterministic, RFC 8032) over `message`.
    func signature(for message: [UInt8]) -> [UInt8] {
        // Signing with a valid key and an in-memory message cannot fail in swift-crypto's
        // BoringSSL backend; an empty signature would simply fail verification.
        guard let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: seed) else { return [] }
        return (try? Array(key.signature(for: message))) ?? []
    }
}
