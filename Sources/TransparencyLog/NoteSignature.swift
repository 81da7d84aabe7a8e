/// One signature line of a signed note: `— <key name> <base64(key ID ‖ signature)>`.
public struct NoteSignature: Sendable, Equatable {
    public let keyName: String
    public let keyID: UInt32
    /// The bytes after the key ID: a 64-byte Ed25519 signature (type 0x01), or an 8-byte
    /// big-endian timestamp and a 64-byte signature (type 0x04).
    public let signature: [UInt8]

    public init(keyName: String, keyID: UInt32, signature: [UInt8]) {
        self.keyName = keyName
        self.keyID = keyID
        self.signature = signature
    }

    /// The line, ending in a newline.
    public var line: String {
        var blob: [UInt8] = []
        blob.appendBigEndian(keyID)
        blob += signature
        return "\u{2014} \(keyName) \(Base64Coding.encode(blob))\n"
    }

    /// The cosignature timestamp (seconds since the Unix epoch) for a type 0x04 signature.
    public var cosignatureTimestamp: UInt64? {
        guard signature.count == 72 else { return nil }
        return signature.prefix(8).reduce(0) { $0 << 8 | UInt64($1) }
    }

    func matches(_ key: NoteVerifierKey) -> Bool { keyName == key.name && keyID == key.keyID }
}
