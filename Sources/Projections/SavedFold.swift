import EventLog

/// A fold state as saved in a ``FoldStateCache``: the log position it was folded to, the rules
/// it was folded under and the state, in the compact binary form of ``FoldStateWriter`` behind
/// a four-byte tag and a format number (anything else reads as a cache miss).
struct SavedFold<State: FoldStateCodable> {
    /// "CLFS" and the layout of this header; a new layout gets a new number.
    static var tag: [UInt8] { Array("CLFS".utf8) + [1] }

    /// The log position folded to (sequence, head hash, store id).
    var checkpoint: Checkpoint
    /// The `RulesAdopted` the fold's context used (nil: the built-in defaults).
    var rulesSequence: UInt64?
    /// The fold's state.
    var state: State

    init(checkpoint: Checkpoint, rulesSequence: UInt64?, state: State) {
        self.checkpoint = checkpoint
        self.rulesSequence = rulesSequence
        self.state = state
    }

    /// The bytes saved in the cache.
    var bytes: [UInt8] {
        var writer = FoldStateWriter(capacity: 4096)
        writer.raw(Self.tag)
        writer.string(checkpoint.storeID)
        writer.unsigned(checkpoint.sequence)
        writer.raw(checkpoint.headHash.bytes)
        writer.optional(checkpoint.recordedAt) { $0.instant($1) }
        writer.optional(rulesSequence) { $0.unsigned($1) }
        writer.value(state)
        return writer.bytes
    }

    /// Reads saved bytes back; throws when they are damaged, truncated or of another layout.
    init(bytes: [UInt8]) throws(FoldStateDecodingError) {
        var reader = FoldStateReader(bytes)
        guard try reader.raw(Self.tag.count) == Self.tag else {
            throw FoldStateDecodingError(offset: 0, expected: "a saved fold state")
        }
        let storeID = try reader.string()
        let sequence = try reader.unsigned()
        guard let hash = EventHash(bytes: try reader.raw(32)) else {
            throw FoldStateDecodingError(offset: 0, expected: "a head hash")
        }
        let recordedAt = try reader.optional { reader throws(FoldStateDecodingError) in try reader.instant() }
        checkpoint = Checkpoint(storeID: storeID, sequence: sequence, headHash: hash, recordedAt: recordedAt)
        rulesSequence = try reader.optional { reader throws(FoldStateDecodingError) in try reader.unsigned() }
        state = try reader.value(State.self)
        guard reader.isAtEnd else { throw FoldStateDecodingError(offset: bytes.count, expected: "the end") }
    }
}
