/// Why a witness refused to cosign. A refusal is evidence: keep the checkpoint that caused it.
public enum WitnessError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The note is not a checkpoint validly signed by the log's key.
    case notSignedByLog(SignedNoteError)
    /// The checkpoint names another log.
    case wrongOrigin(expected: String)
    /// The checkpoint is older (smaller) than the one already cosigned: a rollback or replay.
    case rollback(cosignedSize: UInt64, offeredSize: UInt64)
    /// Same size, different root, or a consistency proof that fails: the log forked.
    case fork(cosignedSize: UInt64, offeredSize: UInt64, detail: String)

    public var description: String {
        switch self {
        case .notSignedByLog(let error):
            return "the checkpoint is not validly signed by the log: \(error)"
        case .wrongOrigin(let expected):
            return "the checkpoint is for another log (this witness cosigns \(expected))"
        case .rollback(let cosignedSize, let offeredSize):
            return
                "the checkpoint of size \(offeredSize) is older than the one already cosigned (size \(cosignedSize)): refused as a rollback or replay"
        case .fork(let cosignedSize, let offeredSize, let detail):
            return
                "the checkpoint of size \(offeredSize) does not extend the one cosigned at size \(cosignedSize) (\(detail)): the log has forked; keep both checkpoints as evidence"
        }
    }
}
