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
        SavedFoldHeader(checkpoint: checkpoint, rulesSequence: rulesSequence).write(to: &writer, tag: Self.tag)
        writer.raw(body)
        return writer.bytes
    }

    /// Reads saved bytes back; throws when they are damaged, truncated or of another layout, or
    /// when `P` does not save its output.
    init(bytes: [UInt8]) throws(FoldStateDecodingError) {
        var reader = FoldStateReader(bytes)
        let header = try SavedFoldHeader(from: &reader, tag: Self.tag, what: "a saved output")
        checkpoint = header.checkpoint
        rulesSequence = header.rulesSequence
        guard let output = try P.savedOutput(from: &reader) else {
            throw FoldStateDecodingError(offset: 0, expected: "a projection that saves its output")
        }
        self.output = output
        guard reader.isAtEnd else { throw FoldStateDecodingError(offset: bytes.count, expected: "the end") }
    }
}
