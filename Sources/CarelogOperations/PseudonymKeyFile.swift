import Foundation
import Projections

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Pseudonym keys on disk: `<store>/keys/pseudonym-<recipient>.key`, 64 hex digits and a line
/// feed, the file 0600 and the `keys` directory 0700. One key per recipient, created on first
/// use from the system's secure random source; never in the log, an extract, a manifest or any
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

    /// The recipient's key, created (owner-only) if the store has none yet.
    package static func loadOrCreate(store: String, recipient: String) throws(CarelogError) -> PseudonymKey {
        try checkRecipient(recipient)
        if let key = try load(store: store, recipient: recipient) { return key }
        try OutputFile.makePrivateDirectory(directory(store: store))
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<PseudonymKey.byteCount).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let target = path(store: store, recipient: recipient)
        // Written beside the final name, then linked into place: if another process created the
        // key meanwhile, `link` fails and that key is used, so a recipient never has two keys.
        let staging = target + ".new-\(getpid())"
        try OutputFile.writePrivate(Array((hex(bytes) + "\n").utf8), to: staging, displayName: "the pseudonym key")
        let linked = link(staging, target) == 0
        unlink(staging)
        if !linked, errno != EEXIST {
            throw .storeOrIO("cannot create the pseudonym key for \(recipient) in \(store)/keys")
        }
        guard let key = try load(store: store, recipient: recipient) else {
            throw .storeOrIO("cannot read the pseudonym key for \(recipient) in \(store)/keys")
        }
        return key
    }

    /// The recipient's key, or nil when there is none; refuses a key readable by others.
    package static func load(store: String, recipient: String) throws(CarelogError) -> PseudonymKey? {
        try checkRecipient(recipient)
        let file = path(store: store, recipient: recipient)
        guard let status = FileStatus(path: file) else { return nil }
        if status.isOpenToOthers {
            throw .storeOrIO("the pseudonym key \(file) is readable by others; restrict it with chmod 600")
        }
        guard let data = FileManager.default.contents(atPath: file),
            let key = PseudonymKey(recipient: recipient, bytes: unhex(Array(data.prefix(64))))
        else {
            throw .storeOrIO("the pseudonym key \(file) is damaged (expected 64 hex digits); restore it from a backup")
        }
        return key
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
