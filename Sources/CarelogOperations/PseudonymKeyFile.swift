import Foundation
import Projections
import TransparencyLog

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Pseudonym keys on disk: `<store>/keys/pseudonym-<recipient>.key`, 64 hex digits and a line
/// feed, then for a slot recipient a line `slot <j>`; the file 0600 and the `keys` directory
/// 0700. One key per recipient, created on first use: the key of the first free pseudonym slot
/// (`K_j` derived from the store's pseudonym root key, `Docs/proofs.md` §11), so the log proves
/// the recipient's pseudonyms; when every slot is taken, random bytes from the system's secure
/// source, as every key was before slots (its pseudonyms are then the operator's word). A slot
/// is claimed by creating `pseudonym_slot-<j>.recipient` (holding the recipient's name) and is
/// never given to another recipient. Keys are never in the log, an extract, a manifest or any
/// output, and copied by `carelog backup` only with `--include-keys`. Documented in
/// `Docs/storage.md` (including rotation).
package enum PseudonymKeyFile {
    /// The recipient when `--recipient` is not given.
    package static let defaultRecipient = "care-inspectorate"

    /// The keys directory of a store.
    package static func directory(store: String) -> String { (store as NSString).appendingPathComponent("keys") }

    /// The key file of `recipient` in `store`.
    package static func path(store: String, recipient: String) -> String {
        (directory(store: store) as NSString).appendingPathComponent("pseudonym-\(recipient).key")
    }

    /// Checks a recipient name: 1–64 of `a–z`, `0–9` and `-`, starting with a letter or digit.
    package static func checkRecipient(_ recipient: String) throws(CarelogError) {
        let bytes = Array(recipient.utf8)
        let allowed = bytes.allSatisfy { (97...122).contains($0) || (48...57).contains($0) || $0 == 45 }
        guard (1...64).contains(bytes.count), allowed, bytes.first != 45 else {
            throw .usage("--recipient must be 1–64 lower-case letters, digits and hyphens, e.g. care-inspectorate")
        }
    }

    /// The claim file of pseudonym slot `slot` (it holds the recipient's name).
    package static func slotClaimPath(store: String, slot: Int) -> String {
        (directory(store: store) as NSString).appendingPathComponent("pseudonym_slot-\(slot).recipient")
    }

    /// The recipient's key, created (owner-only) if the store has none yet: the first free
    /// slot's key (creating the store's pseudonym root key if it has none), or random bytes when
    /// every slot is taken.
    package static func loadOrCreate(store: String, recipient: String) throws(CarelogError) -> PseudonymKey {
        try checkRecipient(recipient)
        if let key = try load(store: store, recipient: recipient) { return key }
        try OutputFile.makePrivateDirectory(directory(store: store))
        let root = try LogKeyFiles.loadOrCreatePseudonymRoot(store: store)
        var text: String?
        for slot in 0..<PseudonymRootKey.slotCount where text == nil {
            let claim = slotClaimPath(store: store, slot: slot)
            // A slot once claimed stays taken, even after its key file is removed (a rotated
            // key takes a new slot).
            if try LogKeyFiles.createOnce(
                Array((recipient + "\n").utf8), at: claim, what: "the claim of pseudonym slot \(slot)")
            {
                text = hex(root.slotKey(slot)) + "\nslot \(slot)\n"
            }
        }
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<PseudonymKey.byteCount).map { _ in UInt8.random(in: 0...255, using: &generator) }
        // Written beside the final name, then linked into place: if another process created the
        // key meanwhile, that key is used, so a recipient never has two keys.
        try LogKeyFiles.createOnce(
            Array((text ?? hex(bytes) + "\n").utf8), at: path(store: store, recipient: recipient),
            what: "the pseudonym key for \(recipient)")
        guard let key = try load(store: store, recipient: recipient) else {
            throw .storeOrIO("cannot read the pseudonym key for \(recipient) in \(store)/keys")
        }
        return key
    }

    /// The recipient's key, or nil when there is none; refuses a key readable by others.
    package static func load(store: String, recipient: String) throws(CarelogError) -> PseudonymKey? {
        try loadWithSlot(store: store, recipient: recipient)?.key
    }

    /// The recipient's pseudonym slot, nil for a recipient without a key or with a pre-slot random key.
    package static func slot(store: String, recipient: String) throws(CarelogError) -> Int? {
        try loadWithSlot(store: store, recipient: recipient)?.slot
    }

    /// The recipient's key and slot; a slot key must be the one the store's root key derives.
    private static func loadWithSlot(store: String, recipient: String) throws(CarelogError)
        -> (key: PseudonymKey, slot: Int?)?
    {
        try checkRecipient(recipient)
        let file = path(store: store, recipient: recipient)
        guard FileStatus(path: file) != nil else { return nil }
        guard let data = try LogKeyFiles.readPrivate(file) else { return nil }
        let damaged = CarelogError.storeOrIO(
            "the pseudonym key \(file) is damaged (expected 64 hex digits, then optionally a slot line); "
                + "restore it from a backup")
        guard let key = PseudonymKey(recipient: recipient, bytes: unhex(Array(data.prefix(64)))) else { throw damaged }
        let rest = String(decoding: data.dropFirst(64), as: UTF8.self).split(separator: "\n")
        guard let line = rest.first else { return (key, nil) }
        guard rest.count == 1, line.hasPrefix("slot "), let slot = Int(line.dropFirst(5)),
            (0..<PseudonymRootKey.slotCount).contains(slot)
        else { throw damaged }
        guard let root = try LogKeyFiles.loadPseudonymRoot(store: store),
            PseudonymKey(recipient: recipient, bytes: root.slotKey(slot)) == key
        else {
            throw .storeOrIO(
                "the pseudonym key \(file) is not slot \(slot)'s key under the store's pseudonym root key; "
                    + "restore the keys from a backup")
        }
        return (key, slot)
    }

    private static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        return String(decoding: bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 0x0F)]] }, as: UTF8.self)
    }

    private static func unhex(_ text: [UInt8]) -> [UInt8] {
        func value(_ c: UInt8) -> UInt8? {
            switch c {
            case 48...57: return c - 48
            case 97...102: return c - 87
            default: return nil
            }
        }
        var out: [UInt8] = []
        var index = 0
        while index + 1 < text.count {
            guard let high = value(text[index]), let low = value(text[index + 1]) else { return [] }
            out.append(high << 4 | low)
            index += 2
        }
        return out
    }
}
