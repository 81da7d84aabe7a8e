import Foundation
import TransparencyLog

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The store's proof keys, beside the pseudonym keys in `<store>/keys/` (directory 0700, files
/// 0600, never in the log, an extract or any output):
///
/// - `log-signing.key`: the log's Ed25519 signing key as a C2SP note signer key
///   (`PRIVATE+KEY+carelog.<storeID>+<key ID>+<base64>`); its public `vkey` is what the service
///   publishes (`carelog checkpoint --vkey`).
/// - `field-salt.key`: 64 hex digits, the secret every leaf's field salts derive from
///   (``TransparencyLog/FieldSaltKey``). Losing it means no new proof can disclose a field of
///   an event already in the tree.
/// - `pseudonym_root.key`: 64 hex digits, the secret every recipient's pseudonym slot key
///   derives from (``TransparencyLog/PseudonymRootKey``; `Docs/proofs.md` §11). The `_` keeps
///   it apart from any recipient's `pseudonym-<recipient>.key`. From the store's `leafV2From`
///   on the tree's leaves commit to every slot's pseudonyms, so losing it means no new leaf and
///   no `carelog verify` of those leaves.
/// - `last-signed.checkpoint`: the last checkpoint `carelog checkpoint --sign` issued (public).
///
/// The signing and salt keys are created at `carelog init`, or on first use for an older store;
/// the pseudonym root key at `carelog init`, or for an older store when the first recipient key
/// is created after this version (``PseudonymKeyFile/loadOrCreate(store:recipient:)``).
package enum LogKeyFiles {
    package static func signerPath(store: String) -> String { path(store, "log-signing.key") }
    package static func saltPath(store: String) -> String { path(store, "field-salt.key") }
    package static func lastSignedPath(store: String) -> String { path(store, "last-signed.checkpoint") }
    package static func pseudonymRootPath(store: String) -> String { path(store, "pseudonym_root.key") }

    /// The origin line (and key name) of the store's checkpoints.
    package static func origin(storeID: String) -> String { "carelog.\(storeID)" }

    private static func path(_ store: String, _ name: String) -> String {
        (PseudonymKeyFile.directory(store: store) as NSString).appendingPathComponent(name)
    }

    /// The log's signing key, created if the store has none.
    package static func loadOrCreateSigner(store: String, storeID: String) throws(CarelogError) -> NoteSigner {
        if let signer = try loadSigner(store: store) { return signer }
        let signer: NoteSigner
        do { signer = try NoteSigner.generate(name: origin(storeID: storeID), type: .ed25519) } catch {
            throw .storeOrIO("cannot create the log's signing key: \(error)")
        }
        try createOnce(
            Array((signer.signerKey + "\n").utf8), at: signerPath(store: store), what: "the log's signing key")
        guard let stored = try loadSigner(store: store) else {
            throw .storeOrIO("cannot read the log's signing key in \(store)/keys")
        }
        return stored
    }

    /// The log's signing key, or nil when the store has none yet.
    package static func loadSigner(store: String) throws(CarelogError) -> NoteSigner? {
        let file = signerPath(store: store)
        guard let bytes = try readPrivate(file) else { return nil }
        let text = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        do { return try NoteSigner(signerKey: text) } catch {
            throw .storeOrIO("the log's signing key \(file) is damaged; restore it from a backup")
        }
    }

    /// The field salt key, created if the store has none.
    package static func loadOrCreateSaltKey(store: String) throws(CarelogError) -> FieldSaltKey {
        try loadOrCreateHexKey(
            saltPath(store: store), what: "the field salt key", fresh: FieldSaltKey.generate().bytes,
            FieldSaltKey.init(bytes:))
    }

    /// The field salt key, or nil when the store has none yet.
    package static func loadSaltKey(store: String) throws(CarelogError) -> FieldSaltKey? {
        try loadHexKey(saltPath(store: store), what: "the field salt key", FieldSaltKey.init(bytes:))
    }

    /// The pseudonym root key, created if the store has none.
    package static func loadOrCreatePseudonymRoot(store: String) throws(CarelogError) -> PseudonymRootKey {
        try loadOrCreateHexKey(
            pseudonymRootPath(store: store), what: "the pseudonym root key", fresh: PseudonymRootKey.generate().bytes,
            PseudonymRootKey.init(bytes:))
    }

    /// The pseudonym root key, or nil when the store has none yet.
    package static func loadPseudonymRoot(store: String) throws(CarelogError) -> PseudonymRootKey? {
        try loadHexKey(pseudonymRootPath(store: store), what: "the pseudonym root key", PseudonymRootKey.init(bytes:))
    }

    /// A 32-byte key kept as 64 hex digits in `file`: created from `fresh` unless another process
    /// created it first (then theirs is used), and read back.
    private static func loadOrCreateHexKey<Key>(
        _ file: String, what: String, fresh: [UInt8], _ make: ([UInt8]) throws -> Key
    ) throws(CarelogError) -> Key {
        if let key = try loadHexKey(file, what: what, make) { return key }
        try createOnce(Array((HexText.encode(fresh) + "\n").utf8), at: file, what: what)
        guard let stored = try loadHexKey(file, what: what, make) else {
            throw .storeOrIO("cannot read \(what) \(file)")
        }
        return stored
    }

    /// The key in `file` (64 hex digits), or nil when there is no such file.
    private static func loadHexKey<Key>(_ file: String, what: String, _ make: ([UInt8]) throws -> Key)
        throws(CarelogError) -> Key?
    {
        guard let bytes = try readPrivate(file) else { return nil }
        guard let raw = HexText.decode(Array(bytes.prefix(64))), let key = try? make(raw) else {
            throw .storeOrIO("\(what) \(file) is damaged (expected 64 hex digits); restore it from a backup")
        }
        return key
    }

    /// The last checkpoint the store signed, if any.
    package static func lastSigned(store: String) throws(CarelogError) -> SignedNote? {
        let file = lastSignedPath(store: store)
        guard let bytes = FileManager.default.contents(atPath: file) else { return nil }
        do { return try SignedNote(parsing: Array(bytes)) } catch {
            throw .storeOrIO("the last signed checkpoint \(file) is damaged (\(error)); restore it from a backup")
        }
    }

    /// Saves `note` (a checkpoint of tree size `size`) as the last signed one, and keeps it in
    /// the history of every checkpoint signed (``SignedCheckpointHistory``).
    package static func saveLastSigned(_ note: SignedNote, size: UInt64, store: String) throws(CarelogError) {
        try OutputFile.makePrivateDirectory(PseudonymKeyFile.directory(store: store))
        try SignedCheckpointHistory.keep(note, size: size, store: store)
        try OutputFile.writePrivate(
            Array(note.serialized.utf8), to: lastSignedPath(store: store), displayName: "the last signed checkpoint")
    }

    /// The file's bytes, nil when it does not exist; refuses a key readable by others.
    package static func readPrivate(_ file: String) throws(CarelogError) -> [UInt8]? {
        guard let status = FileStatus(path: file) else { return nil }
        if status.isOpenToOthers {
            throw .storeOrIO("the key \(file) is readable by others; restrict it with chmod 600")
        }
        guard let data = FileManager.default.contents(atPath: file) else {
            throw .storeOrIO("cannot read the key \(file)")
        }
        return Array(data)
    }

    /// Writes a new key file (0600, in the 0700 keys directory) unless another process created
    /// it meanwhile: written beside the final name, then linked into place. Returns whether this
    /// call created it.
    @discardableResult
    package static func createOnce(_ bytes: [UInt8], at target: String, what: String) throws(CarelogError) -> Bool {
        try OutputFile.makePrivateDirectory((target as NSString).deletingLastPathComponent)
        let staging = target + ".new-\(getpid())"
        try OutputFile.writePrivate(bytes, to: staging, displayName: what)
        let linked = link(staging, target) == 0
        unlink(staging)
        if !linked, errno != EEXIST { throw .storeOrIO("cannot create \(what) at \(target)") }
        return linked
    }
}

/// Lower-case hex for key files.
package enum HexText {
    package static func encode(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        return String(decoding: bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 0x0F)]] }, as: UTF8.self)
    }

    package static func decode(_ text: [UInt8]) -> [UInt8]? {
        func value(_ c: UInt8) -> UInt8? {
            switch c {
            case 48...57: return c - 48
            case 97...102: return c - 87
            case 65...70: return c - 55
            default: return nil
            }
        }
        guard text.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        var index = 0
        while index + 1 < text.count {
            guard let high = value(text[index]), let low = value(text[index + 1]) else { return nil }
            out.append(high << 4 | low)
            index += 2
        }
        return out
    }
}
