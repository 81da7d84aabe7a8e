import Crypto

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
        guard NoteKeyName.isValid(name) else {
            throw .malformedKey(reason: "the key name is empty or holds a space, a control character or '+'")
        }
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
        guard parts.count == 3 else {
            throw .malformedKey(reason: "a vkey has three parts separated by '+' (name, key ID, key)")
        }
        guard parts[1].utf8.count == 8, let id = HexCoding.decode(String(parts[1])) else {
            throw .malformedKey(reason: "the key ID is not 8 hex digits")
        }
        guard let material = Base64Coding.decode(String(parts[2])), let typeByte = material.first else {
            throw .malformedKey(reason: "the key material is not base64")
        }
        guard let type = NoteSignatureType(rawValue: typeByte) else {
            throw .malformedKey(
                reason: "signature type \(typeByte) is not supported (only 1, Ed25519, and 4, cosignature/v1)")
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
