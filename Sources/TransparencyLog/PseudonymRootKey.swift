import Crypto

/// The operator's secret every recipient's pseudonym slot key derives from (`Docs/proofs.md`
/// §11): slot `j`'s key is `K_j = HMAC-SHA256(root, "carelog/pseudonym-slot/v1\n" ‖ u32 j)`.
/// From the store's `leafV2From` on, every leaf commits to each slot's pseudonym of the person
/// and incident its event names (``PseudonymSlots``), so a recipient given slot `j` (whose
/// pseudonym key *is* `K_j`) can have its pseudonyms proved by the log. Kept owner-only beside
/// the store, never in the log, a bundle or any output.
public struct PseudonymRootKey: Sendable, CustomStringConvertible {
    /// The key's 32 secret bytes, to write to an owner-only key file.
    public let bytes: [UInt8]

    /// How many slots every v2 leaf commits to (so how many recipients can have proved pseudonyms).
    public static let slotCount = 4

    /// A key from 32 secret bytes.
    public init(bytes: [UInt8]) throws(EventLeafError) {
        guard bytes.count == 32 else { throw .malformed(reason: "a pseudonym root key is 32 bytes") }
        self.bytes = bytes
    }

    /// A new random key (from the system's secure random source).
    public static func generate() -> PseudonymRootKey {
        PseudonymRootKey(unchecked: SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) })
    }

    private init(unchecked bytes: [UInt8]) { self.bytes = bytes }

    /// Never shows the key.
    public var description: String { "PseudonymRootKey(secret)" }

    /// The 32-byte pseudonym key of slot `slot` (0 ≤ slot < ``slotCount``).
    public func slotKey(_ slot: Int) -> [UInt8] {
        var message = Array("carelog/pseudonym-slot/v1\n".utf8)
        message.appendBigEndian(UInt32(truncatingIfNeeded: slot))
        let mac = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: bytes))
        return mac.withUnsafeBytes { Array($0) }
    }
}
