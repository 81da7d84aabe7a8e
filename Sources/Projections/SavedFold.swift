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
        SavedFoldHeader(checkpoint: checkpoint, rulesSequence: rulesSequence).write(to: &writer, tag: Self.tag)
        writer.value(state)
        return writer.bytes
    }

    /// Reads saved bytes back; throws when they are damaged, truncated or of another layout.
    init(bytes: [UInt8]) throws(FoldStateDecodingError) {
        var reader = FoldStateReader(bytes)
        let header = try SavedFoldHeader(from: &reader, tag: Self.tag, what: "a saved fold state")
        checkpoint = header.checkpoint
        rulesSequence = header.rulesSequence
        state = try reader.value(State.self)
        guard reader.isAtEnd else { throw FoldStateDecodingError(offset: bytes.count, expected: "the end") }
    }
}
