import EventLog

/// What a saved state and a saved output both begin with: a four-byte tag and a format number,
/// then the log position folded to (store id, sequence, head hash, recorded time) and the
/// `RulesAdopted` the fold was folded under. ``SavedFold`` and ``SavedOutput`` write it before
/// their bodies; anything else at the start reads as a cache miss.
struct SavedFoldHeader {
    /// The log position folded to (sequence, head hash, store id).
    var checkpoint: Checkpoint
    /// The `RulesAdopted` the fold's context used (nil: the built-in defaults).
    var rulesSequence: UInt64?

    /// Writes the tag and the header.
    func write(to writer: inout FoldStateWriter, tag: [UInt8]) {
        writer.raw(tag)
        writer.string(checkpoint.storeID)
        writer.unsigned(checkpoint.sequence)
        writer.raw(checkpoint.headHash.bytes)
        writer.optional(checkpoint.recordedAt) { $0.instant($1) }
        writer.optional(rulesSequence) { $0.unsigned($1) }
    }

    /// Reads the tag and the header; throws naming `what` when the tag is not `tag`.
    init(from reader: inout FoldStateReader, tag: [UInt8], what: String) throws(FoldStateDecodingError) {
        guard try reader.raw(tag.count) == tag else { throw FoldStateDecodingError(offset: 0, expected: what) }
        let storeID = try reader.string()
        let sequence = try reader.unsigned()
        guard let hash = EventHash(bytes: try reader.raw(32)) else {
            throw FoldStateDecodingError(offset: 0, expected: "a head hash")
        }
        let recordedAt = try reader.optional { reader throws(FoldStateDecodingError) in try reader.instant() }
        checkpoint = Checkpoint(storeID: storeID, sequence: sequence, headHash: hash, recordedAt: recordedAt)
        rulesSequence = try reader.optional { reader throws(FoldStateDecodingError) in try reader.unsigned() }
    }

    init(checkpoint: Checkpoint, rulesSequence: UInt64?) {
        self.checkpoint = checkpoint
        self.rulesSequence = rulesSequence
    }
}
