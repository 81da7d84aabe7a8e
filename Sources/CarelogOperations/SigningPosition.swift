import EventLog
import Foundation
import TransparencyLog

/// Where `carelog checkpoint --sign` last found the log sound, kept owner-only beside the last
/// signed checkpoint (`<store>/keys/last-signed.position`, `Docs/proofs.md` §9): the size and
/// root of the checkpoint it signed, and the sequence and chain hash it verified the log up to.
/// The next signature checks only what came after it.
///
/// The file carries an HMAC-SHA256 under a key derived from the log's signing key, so that
/// whoever can write the store's files but does not hold that key cannot forge or edit it: a
/// missing, damaged, forged or stale position (one that is not of the last signed checkpoint)
/// only makes the next signature check the whole log.
package struct SigningPosition: Hashable, Sendable {
    /// The tree size of the checkpoint signed.
    package var signedSize: UInt64
    /// Its root hash.
    package var signedRoot: MerkleHash
    /// The log position verified: store id, sequence and the chain hash there (no recording time).
    package var verified: EventLog.Checkpoint

    package init(signedSize: UInt64, signedRoot: MerkleHash, verified: EventLog.Checkpoint) {
        self.signedSize = signedSize
        self.signedRoot = signedRoot
        self.verified = EventLog.Checkpoint(
            storeID: verified.storeID, sequence: verified.sequence, headHash: verified.headHash, recordedAt: nil)
    }

    /// The file's path.
    package static func path(store: String) -> String {
        (PseudonymKeyFile.directory(store: store) as NSString).appendingPathComponent("last-signed.position")
    }

    /// The HMAC context (see ``TransparencyLog/NoteSigner/authenticationCode(for:context:)``).
    static let context = "carelog/verified-position/v1"

    /// The authenticated lines.
    var body: String {
        "carelog verified position v1\nstore \(verified.storeID)\nsigned \(signedSize) \(signedRoot.hex)\n"
            + "verified \(verified.sequence) \(verified.headHash.hex)\n"
    }

    /// The file's text: the body, then `mac <hex>`.
    package func text(signer: NoteSigner) -> String {
        body + "mac " + HexText.encode(signer.authenticationCode(for: Array(body.utf8), context: Self.context)) + "\n"
    }

    /// Saves it (0600, written beside and renamed into place).
    package func save(store: String, signer: NoteSigner) throws(CarelogError) {
        try OutputFile.writePrivate(
            Array(text(signer: signer).utf8), to: Self.path(store: store), displayName: "the verified position")
    }

    /// Reads `text`: the position when its lines are well formed and its MAC is the signer's,
    /// else why it cannot be used.
    package static func parse(_ text: String, signer: NoteSigner) -> Result<SigningPosition, Unusable> {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.count == 6, lines[0] == "carelog verified position v1", lines[5].isEmpty,
            lines[1].hasPrefix("store "), lines[4].hasPrefix("mac ")
        else { return .failure(.damaged) }
        let signed = lines[2].split(separator: " ")
        let verified = lines[3].split(separator: " ")
        guard signed.count == 3, signed[0] == "signed", let size = UInt64(signed[1]),
            let root = MerkleHash(hex: String(signed[2])), verified.count == 3, verified[0] == "verified",
            let sequence = UInt64(verified[1]), let hash = EventHash(hex: String(verified[2]))
        else { return .failure(.damaged) }
        let position = SigningPosition(
            signedSize: size, signedRoot: root,
            verified: EventLog.Checkpoint(
                storeID: String(lines[1].dropFirst(6)), sequence: sequence, headHash: hash, recordedAt: nil))
        let mac = HexText.decode(Array(lines[4].dropFirst(4).utf8))
        let expected = signer.authenticationCode(for: Array(position.body.utf8), context: context)
        guard let mac, mac == expected, position.body == lines[0...3].joined(separator: "\n") + "\n" else {
            return .failure(.notAuthenticated)
        }
        return .success(position)
    }

    /// The saved position of the store at `store`, or why there is none to use.
    package static func load(store: String, signer: NoteSigner) -> Result<SigningPosition, Unusable> {
        guard let status = FileStatus(path: path(store: store)) else { return .failure(.missing) }
        guard !status.isOpenToOthers, let data = FileManager.default.contents(atPath: path(store: store)) else {
            return .failure(.damaged)
        }
        return parse(String(decoding: data, as: UTF8.self), signer: signer)
    }

    /// Why a saved position cannot be used (the signature then checks the whole log).
    package enum Unusable: Error, Hashable, Sendable, CustomStringConvertible {
        case missing
        case damaged
        case notAuthenticated
        case stale

        package var description: String {
            switch self {
            case .missing: "no verified position is saved"
            case .damaged: "the saved verified position is damaged"
            case .notAuthenticated: "the saved verified position is not authenticated by the log's key"
            case .stale: "the saved verified position is not that of the last signed checkpoint"
            }
        }
    }
}
