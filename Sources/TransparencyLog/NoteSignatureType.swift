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
        !name.isEmpty
            && !name.unicodeScalars.contains {
                $0 == "+" || $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7F
            }
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
