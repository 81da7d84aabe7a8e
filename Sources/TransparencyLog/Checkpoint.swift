/// A C2SP `tlog-checkpoint` body: the origin line (the log's unique name), the tree size in
/// decimal, the root hash in standard base64, then optional extension lines; each line ends in
/// a newline. Sign it as a ``SignedNote``.
public struct Checkpoint: Sendable, Equatable {
    public let origin: String
    public let size: UInt64
    public let rootHash: MerkleHash
    /// Opaque, non-empty extra lines (the spec discourages them; Carelog writes none).
    public let extensions: [String]

    public init(origin: String, size: UInt64, rootHash: MerkleHash, extensions: [String] = []) throws(SignedNoteError) {
        guard !origin.isEmpty, !origin.contains("\n") else {
            throw .malformedCheckpoint(line: 1, reason: "the origin must be one non-empty line")
        }
        for (i, line) in extensions.enumerated() where line.isEmpty || line.contains("\n") {
            throw .malformedCheckpoint(line: 4 + i, reason: "an extension line must be one non-empty line")
        }
        self.origin = origin
        self.size = size
        self.rootHash = rootHash
        self.extensions = extensions
    }

    /// Parses a checkpoint from a note's text.
    public init(text: String) throws(SignedNoteError) {
        guard text.hasSuffix("\n") else {
            throw .malformedCheckpoint(line: 1, reason: "the text does not end in a newline")
        }
        let lines = text.dropLast().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.count >= 3 else {
            throw .malformedCheckpoint(
                line: lines.count + 1, reason: "a checkpoint has at least three lines: origin, tree size, root hash")
        }
        let sizeLine = lines[1]
        guard let size = UInt64(sizeLine), sizeLine.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
            sizeLine == "0" || !sizeLine.hasPrefix("0")
        else {
            throw .malformedCheckpoint(line: 2, reason: "the tree size is not a decimal number without leading zeroes")
        }
        guard let root = MerkleHash(base64: lines[2]) else {
            throw .malformedCheckpoint(line: 3, reason: "the root hash is not the standard base64 of 32 bytes")
        }
        try self.init(origin: lines[0], size: size, rootHash: root, extensions: Array(lines.dropFirst(3)))
    }

    /// The note text.
    public var text: String {
        "\(origin)\n\(size)\n\(rootHash.base64)\n" + extensions.map { $0 + "\n" }.joined()
    }

    /// A note over this checkpoint signed by the log's key (type 0x01).
    public func signed(by log: NoteSigner) throws(SignedNoteError) -> SignedNote {
        var note = try SignedNote(text: text)
        try note.sign(with: log)
        return note
    }

    /// Opens a signed checkpoint: verifies the log's signature (required), the signatures of the
    /// given witness keys (each present one must verify; at least `requiredWitnesses` of them
    /// must be present), and parses the text. Signatures by other keys are ignored.
    public static func open(
        _ note: SignedNote, logKey: NoteVerifierKey, witnessKeys: [NoteVerifierKey] = [], requiredWitnesses: Int = 0
    ) throws(SignedNoteError) -> (checkpoint: Checkpoint, cosignatures: [VerifiedSignature]) {
        let verified = try note.verify(with: [logKey] + witnessKeys)
        guard verified.contains(where: { $0.key == logKey }) else { throw .missingSignature(keyName: logKey.name) }
        let cosignatures = verified.filter { $0.key != logKey }
        if cosignatures.count < requiredWitnesses {
            let missing = witnessKeys.first { key in !cosignatures.contains { $0.key == key } }
            throw .missingSignature(keyName: missing?.name ?? "witness")
        }
        let checkpoint = try Checkpoint(text: note.text)
        return (checkpoint, cosignatures)
    }
}
