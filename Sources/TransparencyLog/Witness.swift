/// A witness (C2SP `tlog-cosignature`): a second party that remembers the last checkpoint it
/// cosigned for one log and cosigns a newer one only if the log signed it and a consistency
/// proof shows it extends the remembered one. Pure: the caller persists ``lastCosigned`` and
/// supplies the time.
public struct Witness: Sendable {
    public let logKey: NoteVerifierKey
    public let origin: String
    private let key: NoteSigner
    /// The checkpoint this witness last cosigned; `nil` before the first.
    public private(set) var lastCosigned: Checkpoint?

    /// A witness for the log with `logKey` and `origin`, signing with `key` (type 0x04).
    public init(key: NoteSigner, logKey: NoteVerifierKey, origin: String, lastCosigned: Checkpoint? = nil)
        throws(SignedNoteError)
    {
        guard key.type == .cosignatureV1 else {
            throw .malformedKey(reason: "a witness signs with a cosignature key (type 4)")
        }
        guard logKey.type == .ed25519 else { throw .malformedKey(reason: "a log's key is an Ed25519 key (type 1)") }
        self.key = key
        self.logKey = logKey
        self.origin = origin
        self.lastCosigned = lastCosigned
    }

    /// The witness's public key.
    public var verifierKey: NoteVerifierKey { key.verifierKey }

    /// Checks `note` and `proof` (a consistency proof from ``lastCosigned`` to the new
    /// checkpoint; empty for the first checkpoint or the same one), remembers the checkpoint and
    /// returns the cosignature line to add to the note. Nothing changes on a refusal.
    public mutating func cosign(_ note: SignedNote, consistencyProof proof: [MerkleHash], timestamp: UInt64)
        throws(WitnessError) -> NoteSignature
    {
        let checkpoint: Checkpoint
        do {
            checkpoint = try Checkpoint.open(note, logKey: logKey).checkpoint
        } catch {
            throw .notSignedByLog(error)
        }
        guard checkpoint.origin == origin else { throw .wrongOrigin(expected: origin) }
        if let old = lastCosigned {
            guard checkpoint.size >= old.size else {
                throw .rollback(cosignedSize: old.size, offeredSize: checkpoint.size)
            }
            do {
                try MerkleTree.verifyConsistency(
                    first: old.size, second: checkpoint.size, firstRoot: old.rootHash, secondRoot: checkpoint.rootHash,
                    proof: proof)
            } catch {
                throw .fork(cosignedSize: old.size, offeredSize: checkpoint.size, detail: error.description)
            }
        }
        let signature: NoteSignature
        do {
            signature = try Cosignature.sign(checkpoint, with: key, timestamp: timestamp)
        } catch {
            throw .notSignedByLog(error)
        }
        lastCosigned = checkpoint
        return signature
    }
}
