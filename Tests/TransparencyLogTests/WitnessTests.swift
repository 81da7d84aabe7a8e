import Testing
import TransparencyLog

@Suite("Witness cosignatures")
struct WitnessTests {
    static let origin = "carelog.example/care-at-home"

    /// A log of `size` leaves (leaf i is the 8 bytes of i), its signed checkpoint at each
    /// requested size, and the store for proofs.
    struct Log {
        let key: NoteSigner
        let store: InMemoryMerkleHashStore

        init(size: UInt64, key: NoteSigner, salt: UInt8 = 0) {
            self.key = key
            self.store = InMemoryMerkleHashStore(
                leafHashes: (0..<size).map { MerkleHash.leaf(bytes(of: $0) + (salt == 0 ? [] : [salt])) })
        }

        func checkpoint(_ size: UInt64) throws -> SignedNote {
            try Checkpoint(
                origin: WitnessTests.origin, size: size, rootHash: MerkleTree.rootHash(size: size, store: store)
            ).signed(by: key)
        }

        func proof(from old: UInt64, to new: UInt64) throws -> [MerkleHash] {
            try MerkleTree.consistencyProof(from: old, to: new, store: store)
        }
    }

    @Test("a witness cosigns a growing log; the cosignature verifies with its vkey and carries the timestamp")
    func cosignsGrowingLog() throws {
        let logKey = try NoteSigner.generate(name: Self.origin, type: .ed25519)
        let log = Log(size: 50, key: logKey)
        let witnessKey = try NoteSigner.generate(name: "auditor.ijb.example/witness", type: .cosignatureV1)
        var witness = try Witness(key: witnessKey, logKey: logKey.verifierKey, origin: Self.origin)
        _ = try witness.cosign(log.checkpoint(10), consistencyProof: [], timestamp: 1_790_000_000)
        var note = try log.checkpoint(50)
        let cosignature = try witness.cosign(
            note, consistencyProof: log.proof(from: 10, to: 50), timestamp: 1_790_000_100)
        note.add(cosignature)
        #expect(witness.lastCosigned?.size == 50)

        let published = try NoteVerifierKey(vkey: witnessKey.verifierKey.vkey)
        // Type byte 0x04 leads the key material, so its base64 starts with "B".
        #expect(published.type == .cosignatureV1)
        #expect(published.vkey.split(separator: "+", maxSplits: 2).last?.first == "B")
        let opened = try Checkpoint.open(
            SignedNote(parsing: note.serialized), logKey: logKey.verifierKey, witnessKeys: [published],
            requiredWitnesses: 1)
        #expect(opened.checkpoint.size == 50)
        #expect(opened.cosignatures.map(\.timestamp) == [1_790_000_100])
        // The cosignature covers the timestamp: changing it breaks the signature.
        var blob = cosignature.signature
        blob[7] ^= 1
        var altered = try log.checkpoint(50)
        altered.add(NoteSignature(keyName: cosignature.keyName, keyID: cosignature.keyID, signature: blob))
        #expect(throws: SignedNoteError.invalidSignature(keyName: "auditor.ijb.example/witness")) {
            try Checkpoint.open(altered, logKey: logKey.verifierKey, witnessKeys: [published], requiredWitnesses: 1)
        }
    }

    @Test("a bundle that requires a witness refuses a checkpoint without its cosignature")
    func requiredWitnessMissing() throws {
        let logKey = try NoteSigner.generate(name: Self.origin, type: .ed25519)
        let witnessKey = try NoteSigner.generate(name: "auditor.ijb.example/witness", type: .cosignatureV1)
        let note = try Log(size: 5, key: logKey).checkpoint(5)
        #expect(throws: SignedNoteError.missingSignature(keyName: "auditor.ijb.example/witness")) {
            try Checkpoint.open(
                note, logKey: logKey.verifierKey, witnessKeys: [witnessKey.verifierKey], requiredWitnesses: 1)
        }
    }

    @Test("a witness refuses a rollback or replayed older checkpoint, and a fork at the same or a larger size")
    func refusesRollbackAndFork() throws {
        let logKey = try NoteSigner.generate(name: Self.origin, type: .ed25519)
        let honest = Log(size: 40, key: logKey)
        let forked = Log(size: 40, key: logKey, salt: 7)
        let witnessKey = try NoteSigner.generate(name: "auditor.ijb.example/witness", type: .cosignatureV1)
        var witness = try Witness(key: witnessKey, logKey: logKey.verifierKey, origin: Self.origin)
        _ = try witness.cosign(honest.checkpoint(20), consistencyProof: [], timestamp: 1)

        #expect(throws: WitnessError.rollback(cosignedSize: 20, offeredSize: 19)) {
            try witness.cosign(honest.checkpoint(19), consistencyProof: [], timestamp: 2)
        }
        #expect(throws: WitnessError.self) {
            try witness.cosign(forked.checkpoint(20), consistencyProof: [], timestamp: 2)
        }
        // A fork that diverges after leaf 20 still cannot prove consistency with the honest 20.
        #expect(throws: WitnessError.self) {
            try witness.cosign(forked.checkpoint(40), consistencyProof: forked.proof(from: 20, to: 40), timestamp: 2)
        }
        #expect(throws: WitnessError.self) {
            try witness.cosign(honest.checkpoint(40), consistencyProof: honest.proof(from: 19, to: 40), timestamp: 2)
        }
        #expect(witness.lastCosigned?.size == 20)
        // The honest extension is still accepted after the refusals.
        _ = try witness.cosign(honest.checkpoint(40), consistencyProof: honest.proof(from: 20, to: 40), timestamp: 3)
        #expect(witness.lastCosigned?.size == 40)
        let sameSizeFork = try forked.checkpoint(40)
        let error = #expect(throws: WitnessError.self) {
            try witness.cosign(sameSizeFork, consistencyProof: [], timestamp: 4)
        }
        guard case .fork(40, 40, _)? = error else {
            Issue.record("expected a fork at size 40, got \(String(describing: error))")
            return
        }
        #expect(error?.description.contains("forked") == true)
    }

    @Test("a witness refuses a checkpoint signed by another key or for another log")
    func refusesWrongSignerOrOrigin() throws {
        let logKey = try NoteSigner.generate(name: Self.origin, type: .ed25519)
        let impostor = try NoteSigner.generate(name: Self.origin, type: .ed25519)
        let witnessKey = try NoteSigner.generate(name: "auditor.ijb.example/witness", type: .cosignatureV1)
        var witness = try Witness(key: witnessKey, logKey: logKey.verifierKey, origin: Self.origin)
        #expect(throws: WitnessError.notSignedByLog(.noTrustedSignature(expected: [Self.origin]))) {
            try witness.cosign(Log(size: 3, key: impostor).checkpoint(3), consistencyProof: [], timestamp: 1)
        }
        let otherLog = try Checkpoint(origin: "other.example/log", size: 1, rootHash: .emptyTree).signed(by: logKey)
        #expect(throws: WitnessError.wrongOrigin(expected: Self.origin)) {
            try witness.cosign(otherLog, consistencyProof: [], timestamp: 1)
        }
        #expect(witness.lastCosigned == nil)
    }
}
