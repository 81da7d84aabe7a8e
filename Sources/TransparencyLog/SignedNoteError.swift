/// Why a key, a signed note or a checkpoint was refused. Messages name the line and the part
/// that is wrong; they quote key names (public) but never note text.
public enum SignedNoteError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A verifier key (`vkey`) or signer key string is not in the signed-note format.
    case malformedKey(reason: String)
    /// The note is not a signed note: `line` is 1-based in the whole note.
    case malformedNote(line: Int, reason: String)
    /// Two signature lines carry the same key name and key ID.
    case duplicateSignature(keyName: String)
    /// A signature by a key the verifier knows does not verify: the note was altered or forged.
    case invalidSignature(keyName: String)
    /// No signature by any of the keys the verifier trusts.
    case noTrustedSignature(expected: [String])
    /// A required key (for example a witness) did not sign.
    case missingSignature(keyName: String)
    /// The note text is not a C2SP checkpoint: `line` is 1-based in the note text.
    case malformedCheckpoint(line: Int, reason: String)

    public var description: String {
        switch self {
        case .malformedKey(let reason):
            return "the key is not a signed-note key: \(reason)"
        case .malformedNote(let line, let reason):
            return "line \(line) of the signed note: \(reason)"
        case .duplicateSignature(let keyName):
            return "the note carries two signatures by key \(keyName); a signed note has at most one per key"
        case .invalidSignature(let keyName):
            return "the signature by key \(keyName) does not verify: the note was altered or signed by another key"
        case .noTrustedSignature(let expected):
            return "the note is not signed by any trusted key (expected \(expected.joined(separator: ", ")))"
        case .missingSignature(let keyName):
            return "the note carries no signature by the required key \(keyName)"
        case .malformedCheckpoint(let line, let reason):
            return "line \(line) of the checkpoint: \(reason)"
        }
    }
}
