import EventLog

/// One recipient's secret for pseudonyms: 32 random bytes kept owner-only beside the store
/// (see `Docs/storage.md`), never in the log, an extract, a manifest or any output.
///
/// `PSN-`/`INC-` references are HMAC-SHA-256 under this key, so without the key they cannot be
/// reversed by trying candidate ids, and two recipients (two keys) get unlinkable references.
/// Projections never read the key themselves: the command line reads it and passes it in.
public struct PseudonymKey: Hashable, Sendable {
    /// Who the pseudonyms are for, e.g. `care-inspectorate` (not secret; named in manifests).
    public let recipient: String
    /// The 32 secret bytes.
    let bytes: [UInt8]

    /// The length of a key in bytes.
    public static let byteCount = 32

    /// A key for `recipient`; `nil` unless `bytes` holds exactly ``byteCount`` bytes.
    public init?(recipient: String, bytes: [UInt8]) {
        guard bytes.count == Self.byteCount else { return nil }
        self.recipient = recipient
        self.bytes = bytes
    }

    /// HMAC-SHA-256 (RFC 2104) of `message` under the key.
    public func authenticationCode(for message: [UInt8]) -> [UInt8] {
        // The key is shorter than SHA-256's 64-byte block, so it is zero-padded, never hashed.
        let block = bytes + [UInt8](repeating: 0, count: 64 - bytes.count)
        let inner = EventHash.sha256(of: block.map { $0 ^ 0x36 } + message)
        return EventHash.sha256(of: block.map { $0 ^ 0x5c } + inner.bytes).bytes
    }
}
