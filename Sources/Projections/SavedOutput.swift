import EventLog

/// A fold's output as saved in a ``FoldStateCache`` beside its state (under the state's key and
/// `/output`): the log position it was folded to, the rules it was folded under and the output
/// in the form of ``ResumableProjection/savedOutputBytes(_:)``, behind a four-byte tag and a
/// format number (anything else reads as a cache miss). It is checked against the log exactly
/// as a saved state is, and stands on its own: the output of the log up to its position.
struct SavedOutput<P: ResumableProjection> {
    /// "CLFO" and the layout of this header; a new layout gets a new number.
    static var tag: [UInt8] { Array("CLFO".utf8) + [1] }

    /// The cache key of the output saved beside the state under `stateKey`.
    static func key(stateKey: String) -> String { stateKey + "/output" }

    /// The log position folded to (sequence, head hash, store id).
    var checkpoint: Checkpoint
    /// The `RulesAdopted` the fold's context used (nil: the built-in defaults).
    var rulesSequence: UInt64?
    /// The fold's output.
    var output: P.Output

    init(checkpoint: Checkpoint, rulesSequence: UInt64?, output: P.Output) {
        self.checkpoint = checkpoint
        self.rulesSequence = rulesSequence
        self.output = output
    }

    /// The bytes saved in the cache, or nil when `P` does not save its output.
    var bytes: [UInt8]? {
        guard let body = P.savedOutputBytes(output) else { return nil }
        var writer = FoldStateWriter(capacity: 96 + body.count)
        writer.raw(Self.tag)
        writer.string(checkpoint.storeID)
        writer.unsigned(checkpoint.sequence)
        writer.raw(checkpoint.headHash.bytes)
        writer.optional(checkpoint.recordedAt) { $0.instant($1) }
        writer.optional(rulesSequence) { $0.unsigned($1) }
        writer.raw(body)
        return writer.bytes
    }

    /// Reads saved bytes back; throws when they are damaged, truncated or of another layout, or
    /// when `P` does not save its output.
    init(bytes: [UInt8]) throws(FoldStateDecodingError) {
        var reader = FoldStateReader(bytes)
        guard try reader.raw(Self.tag.count) == Self.tag else {
            throw FoldStateDecodingError(offset: 0, expected: "a saved output")
        }
        let storeID = try reader.string()
        let sequence = try reader.unsigned()
        guard let hash = EventHash(bytes: try reader.raw(32)) else {
            throw FoldStateDecodingError(offset: 0, expected: "a head hash")
        }
        let recordedAt = try reader.optional { reader throws(FoldStateDecodingError) in try reader.instant() }
        checkpoint = Checkpoint(storeID: storeID, sequence: sequence, headHash: hash, recordedAt: recordedAt)
        rulesSequence = try reader.optional { reader throws(FoldStateDecodingError) in try reader.unsigned() }
        guard let output = try P.savedOutput(from: &reader) else {
            throw FoldStateDecodingError(offset: 0, expected: "a projection that saves its output")
        }
        self.output = output
        guard reader.isAtEnd else { throw FoldStateDecodingError(offset: bytes.count, expected: "the end") }
    }
}
