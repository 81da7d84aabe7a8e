/// C2SP `tlog-cosignature` v1 (Ed25519, signature type 0x04): a witness's timestamped
/// statement that the checkpoint is the largest consistent tree it has seen from the log.
///
/// The signed message is `cosignature/v1\n`, `time <decimal seconds>\n`, then the checkpoint's
/// note text; the signature line's blob is key ID ‖ u64 big-endian timestamp ‖ 64-byte signature.
public enum Cosignature {
    /// The bytes a witness signs for `text` at `timestamp`.
    public static func message(timestamp: UInt64, text: String) -> [UInt8] {
        Array("cosignature/v1\ntime \(timestamp)\n".utf8) + Array(text.utf8)
    }

    /// The cosignature of `checkpoint` by a witness key at `timestamp` (seconds since the Unix
    /// epoch, supplied by the caller: this module never reads the clock).
    public static func sign(_ checkpoint: Checkpoint, with witness: NoteSigner, timestamp: UInt64)
        throws(SignedNoteError) -> NoteSignature
    {
        guard witness.type == .cosignatureV1 else {
            throw .malformedKey(reason: "a cosignature needs a witness key (type 4)")
        }
        guard timestamp <= UInt64(Int64.max) else {
            throw .malformedKey(reason: "a cosignature timestamp must not exceed 2^63-1")
        }
        var blob: [UInt8] = []
        blob.appendBigEndian(timestamp)
        blob += witness.signature(for: message(timestamp: timestamp, text: checkpoint.text))
        return NoteSignature(keyName: witness.name, keyID: witness.verifierKey.keyID, signature: blob)
    }
}
