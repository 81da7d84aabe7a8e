import Testing
import TransparencyLog

/// The example of Go's `golang.org/x/mod/sumdb/note` package documentation, the reference
/// implementation of C2SP signed-note.
enum GoNoteVector {
    static let signerKey = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"
    static let verifierKey = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
    static let text =
        "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n"
    static let signedNote =
        text
        + "\n\u{2014} PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n"
}

@Suite("C2SP signed notes and checkpoints")
struct SignedNoteTests {
    @Test("the Go reference key derives the published vkey and key ID, and its published note verifies")
    func goReferenceVector() throws {
        let signer = try NoteSigner(signerKey: GoNoteVector.signerKey)
        #expect(signer.verifierKey.vkey == GoNoteVector.verifierKey)
        #expect(signer.signerKey == GoNoteVector.signerKey)
        let key = try NoteVerifierKey(vkey: GoNoteVector.verifierKey)
        #expect(key.keyID == 0xc74f_20a3)
        let note = try SignedNote(parsing: GoNoteVector.signedNote)
        #expect(note.text == GoNoteVector.text)
        #expect(try note.verify(with: [key]).map(\.key) == [key])
        #expect(note.serialized == GoNoteVector.signedNote)
        #if os(Linux)
        // BoringSSL's Ed25519 is deterministic (RFC 8032), so signing reproduces the note byte for byte.
        var fresh = try SignedNote(text: GoNoteVector.text)
        try fresh.sign(with: signer)
        #expect(fresh.serialized == GoNoteVector.signedNote)
        #endif
    }

    @Test("a signed checkpoint round-trips through its text and opens with the log's key")
    func checkpointRoundTrip() throws {
        let log = try NoteSigner.generate(name: "carelog.example/care-at-home", type: .ed25519)
        let root = RFC6962Vectors.roots[8]
        let checkpoint = try Checkpoint(origin: "carelog.example/care-at-home", size: 8, rootHash: root)
        #expect(checkpoint.text == "carelog.example/care-at-home\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n")
        let note = try checkpoint.signed(by: log)
        let reparsed = try SignedNote(parsing: Array(note.serialized.utf8))
        #expect(reparsed == note)
        let opened = try Checkpoint.open(reparsed, logKey: NoteVerifierKey(vkey: log.verifierKey.vkey))
        #expect(opened.checkpoint == checkpoint)
        #expect(opened.cosignatures.isEmpty)
        #expect(!String(describing: log).contains(log.signerKey))
        #expect(try NoteSigner(signerKey: log.signerKey).verifierKey == log.verifierKey)
    }

    @Test(
        "published vkeys from transparency-dev/formats parse: a type 1 key whose base64 holds '+', and a native cosignature/v1 (type 4) key"
    )
    func publishedVerifierKeys() throws {
        let ed = try NoteVerifierKey(vkey: "TEST+7997405c+AQcC+FTVKf0jlTdHDY3rbevmnKxxPjigCXlVtGe6RIr6")
        #expect(ed.type == .ed25519)
        #expect(ed.keyID == 0x7997_405c)
        let witness = try NoteVerifierKey(vkey: "remora.n621.de+da77ade7+BOvN63jn/bLvkieywe8R6UYAtVtNbZpXh34x7onlmtw2")
        #expect(witness.type == .cosignatureV1)
        #expect(witness.keyID == 0xda77_ade7)
        // The same public key under type 1 has another key ID, so the two never collide.
        #expect(
            try NoteVerifierKey(name: witness.name, type: .ed25519, publicKey: witness.publicKey).keyID != witness.keyID
        )
    }

    @Test("the timestamp of a published cosignature/v1 signature is read from its first 8 bytes after the key ID")
    func publishedCosignatureTimestamp() throws {
        // transparency-dev/formats note_cosigv1_test.go: this signature's time is 1727964367.
        let line =
            "\u{2014} w ZGhGuQAAAABm/qTPeyKXD+R2rzyQsxPiP8mXum7qq/iF0u4vanlqJyocWODBt97w9uL+8qT7S5gxEHWWOworDcFiEBYJXORmnFBOBA==\n"
        let note = try SignedNote(parsing: "text\n\n" + line)
        #expect(note.signatures.first?.cosignatureTimestamp == 1_727_964_367)
        #expect(note.signatures.first?.keyID == 0x6468_46b9)
    }

    @Test("generated keys round-trip through their vkey and signer-key text, also when the base64 holds '+'")
    func generatedKeysRoundTrip() throws {
        var sawPlus = false
        for i in 0..<32 {
            let signer = try NoteSigner.generate(
                name: "carelog.example/key\(i)", type: i % 2 == 0 ? .ed25519 : .cosignatureV1)
            sawPlus = sawPlus || signer.verifierKey.vkey.split(separator: "+", maxSplits: 2).last?.contains("+") == true
            #expect(try NoteVerifierKey(vkey: signer.verifierKey.vkey) == signer.verifierKey)
            #expect(try NoteSigner(signerKey: signer.signerKey).verifierKey == signer.verifierKey)
        }
        // The Go reference signer key's base64 holds a '+', so the split is exercised in any case.
        #expect(GoNoteVector.signerKey.split(separator: "+", maxSplits: 4).last?.contains("+") == true)
        _ = sawPlus
    }

    @Test("a checkpoint signed by another key is rejected; an edited checkpoint fails the signature")
    func otherKeyAndEdits() throws {
        let log = try NoteSigner.generate(name: "carelog.example/log", type: .ed25519)
        let impostor = try NoteSigner.generate(name: "carelog.example/log", type: .ed25519)
        let checkpoint = try Checkpoint(origin: "carelog.example/log", size: 8, rootHash: RFC6962Vectors.roots[8])
        let forged = try checkpoint.signed(by: impostor)
        // Same name, different key ID: ignored as unknown, so nothing trusted signed it.
        #expect(throws: SignedNoteError.noTrustedSignature(expected: ["carelog.example/log"])) {
            try Checkpoint.open(forged, logKey: log.verifierKey)
        }
        // The signature of the real key moved onto other text: invalid.
        let genuine = try checkpoint.signed(by: log)
        let edited = genuine.serialized.replacingOccurrences("\n8\n", "\n7\n")
        #expect(throws: SignedNoteError.invalidSignature(keyName: "carelog.example/log")) {
            try Checkpoint.open(SignedNote(parsing: edited), logKey: log.verifierKey)
        }
    }

    @Test("malformed notes and duplicate signatures are refused with the line named")
    func malformedNotes() throws {
        let good = GoNoteVector.signedNote
        let sigLine = good.split(separator: "\n").last.map(String.init) ?? ""
        let cases: [(String, SignedNoteError)] = [
            (
                GoNoteVector.text,
                .malformedNote(line: 1, reason: "no blank line separates the text from the signatures")
            ),
            (String(good.dropLast()), .malformedNote(line: 4, reason: "the note does not end in a newline")),
            (
                GoNoteVector.text + "\n- PeterNeumann abc=\n",
                .malformedNote(line: 4, reason: "a signature line starts with an em dash (U+2014) and a space")
            ),
            (
                GoNoteVector.text + "\n\u{2014} PeterNeumann not*base64\n",
                .malformedNote(line: 4, reason: "the signature is not base64 of a 4-byte key ID and a signature")
            ),
            (
                GoNoteVector.text + "\n\u{2014} Peter Neumann x08g\n",
                .malformedNote(
                    line: 4, reason: "a signature line holds a key name and a base64 signature separated by one space")
            ),
            (good + sigLine + "\n", .duplicateSignature(keyName: "PeterNeumann")),
            (
                "tab\there\n" + "\n" + sigLine + "\n",
                .malformedNote(line: 1, reason: "the text holds a control character")
            ),
        ]
        for (text, error) in cases {
            #expect(throws: error) { try SignedNote(parsing: text) }
        }
        #expect(throws: SignedNoteError.malformedNote(line: 1, reason: "the note is not valid UTF-8")) {
            try SignedNote(parsing: [0xFF, 0x0A, 0x0A])
        }
    }

    @Test("a signature by an unknown key is ignored, but a known key's bad signature rejects the note")
    func unknownAndBadSignatures() throws {
        let key = try NoteVerifierKey(vkey: GoNoteVector.verifierKey)
        let other = try NoteSigner.generate(name: "someone.example/else", type: .ed25519)
        var note = try SignedNote(parsing: GoNoteVector.signedNote)
        try note.sign(with: other)
        #expect(try note.verify(with: [key]).map(\.key) == [key])
        let badBlob = "x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAA="
        let bad = GoNoteVector.text + "\n\u{2014} PeterNeumann \(badBlob)\n"
        #expect(throws: SignedNoteError.invalidSignature(keyName: "PeterNeumann")) {
            try SignedNote(parsing: bad).verify(with: [key])
        }
    }

    @Test("keys: mangled vkeys and signer keys are refused")
    func mangledKeys() {
        let vkey = GoNoteVector.verifierKey
        for bad in [
            "PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
            "PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY==",
            "PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
            "Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
            String(vkey.dropLast()), String(vkey.dropFirst()), vkey + "+x",
        ] {
            #expect(throws: SignedNoteError.self, "\(bad)") { try NoteVerifierKey(vkey: bad) }
        }
        #expect(throws: SignedNoteError.self) {
            try NoteSigner(signerKey: GoNoteVector.signerKey.replacingOccurrences("c74f20a3", "c74f20a4"))
        }
        #expect(throws: SignedNoteError.self) { try NoteSigner(signerKey: String(GoNoteVector.signerKey.dropFirst(8))) }
    }

    @Test("checkpoint text: size without leading zeroes, 32-byte base64 root, non-empty extension lines")
    func checkpointParsing() throws {
        let root = RFC6962Vectors.roots[8].base64
        #expect(try Checkpoint(text: "o\n0\n\(MerkleHash.emptyTree.base64)\n").size == 0)
        #expect(try Checkpoint(text: "o\n12\n\(root)\next one\n").extensions == ["ext one"])
        #expect(
            throws: SignedNoteError.malformedCheckpoint(
                line: 2, reason: "the tree size is not a decimal number without leading zeroes")
        ) {
            try Checkpoint(text: "o\n012\n\(root)\n")
        }
        #expect(
            throws: SignedNoteError.malformedCheckpoint(
                line: 2, reason: "the tree size is not a decimal number without leading zeroes")
        ) {
            try Checkpoint(text: "o\n+12\n\(root)\n")
        }
        #expect(
            throws: SignedNoteError.malformedCheckpoint(
                line: 3, reason: "the root hash is not the standard base64 of 32 bytes")
        ) {
            try Checkpoint(text: "o\n12\n\(String(root.dropLast(2)))\n")
        }
        #expect(
            throws: SignedNoteError.malformedCheckpoint(line: 4, reason: "an extension line must be one non-empty line")
        ) {
            try Checkpoint(text: "o\n12\n\(root)\n\n")
        }
        #expect(throws: SignedNoteError.malformedCheckpoint(line: 1, reason: "the origin must be one non-empty line")) {
            try Checkpoint(text: "\n12\n\(root)\n")
        }
    }
}

extension String {
    func replacingOccurrences(_ target: String, _ replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
