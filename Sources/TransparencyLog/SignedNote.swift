/// A C2SP signed note: text ending in a newline, a blank line, then one or more signature
/// lines. Parsing checks the shape only; ``verify(with:)`` checks signatures.
public struct SignedNote: Sendable, Equatable {
    /// The signed text, including its final newline.
    public let text: String
    public private(set) var signatures: [NoteSignature]

    /// Most signature lines a note may carry (the spec asks verifiers to accept at least 16).
    public static let maximumSignatures = 64

    /// A note with `text` (which must end in a newline) and no signatures yet.
    public init(text: String, signatures: [NoteSignature] = []) throws(SignedNoteError) {
        try Self.checkText(text)
        self.text = text
        self.signatures = signatures
    }

    /// Parses a signed note. Rejects: invalid UTF-8 or control characters, no blank line before
    /// the signatures, a malformed signature line, two signatures by the same key.
    public init(parsing bytes: some Collection<UInt8>) throws(SignedNoteError) {
        let raw = Array(bytes)
        guard let whole = String(validating: raw, as: UTF8.self) else {
            throw .malformedNote(line: 1, reason: "the note is not valid UTF-8")
        }
        guard whole.hasSuffix("\n") else {
            throw .malformedNote(
                line: whole.split(separator: "\n", omittingEmptySubsequences: false).count,
                reason: "the note does not end in a newline")
        }
        // The text ends at the last blank line; everything after it is signature lines.
        guard let split = Self.lastBlankLine(in: raw) else {
            throw .malformedNote(line: 1, reason: "no blank line separates the text from the signatures")
        }
        let text = String(decoding: raw[..<split], as: UTF8.self)
        try Self.checkText(text)
        let textLines = raw[..<split].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        let signatureLines = raw[(split + 1)...].split(separator: 0x0A, omittingEmptySubsequences: false).dropLast()
        guard !signatureLines.isEmpty else {
            throw .malformedNote(line: textLines + 2, reason: "the note has no signature lines")
        }
        guard signatureLines.count <= Self.maximumSignatures else {
            throw .malformedNote(
                line: textLines + 2, reason: "the note has more than \(Self.maximumSignatures) signature lines")
        }
        var signatures: [NoteSignature] = []
        for (offset, lineBytes) in signatureLines.enumerated() {
            let lineNumber = textLines + 2 + offset
            let signature = try Self.parseSignatureLine(
                String(decoding: lineBytes, as: UTF8.self), lineNumber: lineNumber)
            guard !signatures.contains(where: { $0.keyName == signature.keyName && $0.keyID == signature.keyID }) else {
                throw .duplicateSignature(keyName: signature.keyName)
            }
            signatures.append(signature)
        }
        self.text = text
        self.signatures = signatures
    }

    /// Parses a signed note from text.
    public init(parsing string: String) throws(SignedNoteError) {
        try self.init(parsing: Array(string.utf8))
    }

    /// The whole note: text, blank line, signature lines.
    public var serialized: String {
        text + "\n" + signatures.map(\.line).joined()
    }

    /// Adds the signature of a type 0x01 (Ed25519) key over the text, replacing an earlier
    /// signature by the same key.
    public mutating func sign(with signer: NoteSigner) throws(SignedNoteError) {
        guard signer.type == .ed25519 else {
            throw .malformedKey(reason: "a witness key (type 4) cosigns checkpoints; use Cosignature")
        }
        add(
            NoteSignature(
                keyName: signer.name, keyID: signer.verifierKey.keyID,
                signature: signer.signature(for: Array(text.utf8))))
    }

    /// Adds a signature line, replacing one by the same key.
    public mutating func add(_ signature: NoteSignature) {
        signatures.removeAll { $0.keyName == signature.keyName && $0.keyID == signature.keyID }
        signatures.append(signature)
    }

    /// Verifies the signatures by the given keys, per C2SP signed-note: signatures by keys not
    /// in `keys` are ignored; a signature by a known key that fails rejects the whole note; at
    /// least one known key must have signed. Returns the keys that verified, in `keys` order.
    public func verify(with keys: [NoteVerifierKey]) throws(SignedNoteError) -> [VerifiedSignature] {
        var verified: [VerifiedSignature] = []
        for key in keys {
            guard let signature = signatures.first(where: { $0.matches(key) }) else { continue }
            switch key.type {
            case .ed25519:
                guard signature.signature.count == 64,
                    key.isValid(signature: signature.signature, for: Array(text.utf8))
                else {
                    throw .invalidSignature(keyName: key.name)
                }
                verified.append(VerifiedSignature(key: key, timestamp: nil))
            case .cosignatureV1:
                guard let timestamp = signature.cosignatureTimestamp, timestamp <= UInt64(Int64.max),
                    key.isValid(
                        signature: signature.signature.dropFirst(8),
                        for: Cosignature.message(timestamp: timestamp, text: text))
                else { throw .invalidSignature(keyName: key.name) }
                verified.append(VerifiedSignature(key: key, timestamp: timestamp))
            }
        }
        guard !verified.isEmpty else { throw .noTrustedSignature(expected: keys.map(\.name)) }
        return verified
    }

    // MARK: Parsing

    private static func checkText(_ text: String) throws(SignedNoteError) {
        guard text.hasSuffix("\n") else {
            throw .malformedNote(line: 1, reason: "the note text does not end in a newline")
        }
        var line = 1
        for scalar in text.unicodeScalars {
            if scalar == "\n" {
                line += 1
            } else if scalar.value < 0x20 || scalar.value == 0x7F {
                throw .malformedNote(line: line, reason: "the text holds a control character")
            }
        }
    }

    /// The index of the second newline of the last "\n\n" in the note.
    private static func lastBlankLine(in raw: [UInt8]) -> Int? {
        guard raw.count >= 2 else { return nil }
        var i = raw.count - 2
        while i >= 0 {
            if raw[i] == 0x0A, raw[i + 1] == 0x0A { return i + 1 }
            i -= 1
        }
        return nil
    }

    private static func parseSignatureLine(_ line: String, lineNumber: Int) throws(SignedNoteError) -> NoteSignature {
        let prefix = "\u{2014} "
        guard line.hasPrefix(prefix) else {
            throw .malformedNote(
                line: lineNumber, reason: "a signature line starts with an em dash (U+2014) and a space")
        }
        let parts = line.dropFirst(prefix.count).split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 2, NoteKeyName.isValid(String(parts[0])) else {
            throw .malformedNote(
                line: lineNumber,
                reason: "a signature line holds a key name and a base64 signature separated by one space")
        }
        guard let blob = Base64Coding.decode(String(parts[1])), blob.count > 4 else {
            throw .malformedNote(
                line: lineNumber, reason: "the signature is not base64 of a 4-byte key ID and a signature")
        }
        let keyID = UInt32(blob[0]) << 24 | UInt32(blob[1]) << 16 | UInt32(blob[2]) << 8 | UInt32(blob[3])
        return NoteSignature(keyName: String(parts[0]), keyID: keyID, signature: Array(blob.dropFirst(4)))
    }
}
