import Foundation
import TestSupport
import Testing
import TransparencyLog

@Suite("Stand-alone Python verifier from Docs/proofs.md", .enabled(if: DocumentedPythonVerifier.isAvailable))
struct PythonVerifierTests {
    static let origin = "carelog.example/care-at-home"

    /// A 60-event log of committed event leaves, an old checkpoint at 25 and a new one at 60
    /// cosigned by a witness, written to a temporary directory with proofs for three events.
    struct Fixture {
        let directory: URL
        let logKey: NoteSigner
        let witnessKey: NoteSigner
        let store: InMemoryMerkleHashStore
        let leaves: [EventLeaf]
        let disclosures: [[FieldDisclosure]]
        let oldCheckpoint: Checkpoint
        /// The old checkpoint, signed and cosigned.
        let oldNote: SignedNote
        let newNote: SignedNote

        init() throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent(
                "carelog-pyverify-\(UInt64.random(in: 0...UInt64.max))")
            try FileManager.default.createDirectory(
                at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            // A log key whose vkey's base64 holds a '+' (about every other key), so the verifier's
            // vkey parsing meets the case.
            var key = try NoteSigner.generate(name: PythonVerifierTests.origin, type: .ed25519)
            while key.verifierKey.vkey.split(separator: "+", maxSplits: 2).last?.contains("+") != true {
                key = try NoteSigner.generate(name: PythonVerifierTests.origin, type: .ed25519)
            }
            logKey = key
            witnessKey = try NoteSigner.generate(name: "auditor.ijb.example/witness", type: .cosignatureV1)
            let saltKey = FieldSaltKey.generate()
            var store = InMemoryMerkleHashStore()
            var leaves: [EventLeaf] = []
            var disclosures: [[FieldDisclosure]] = []
            for sequence in 1...60 as ClosedRange<UInt64> {
                let (leaf, fields) = try EventLeaf.commit(
                    sequence: sequence, eventType: "notification.recorded",
                    fields: [
                        ("personId", "P-\(100_000 + sequence)"), ("pseudonym", "subj-\(sequence * 7)"),
                        ("category", sequence % 2 == 0 ? "accident-incident-injury" : "allegation-of-abuse"),
                        ("note", "free text \(sequence) – not disclosed"),
                    ],
                    saltKey: saltKey)
                leaves.append(leaf)
                disclosures.append(fields)
                store.append(leafHash: leaf.leafHash)
            }
            self.store = store
            self.leaves = leaves
            self.disclosures = disclosures
            oldCheckpoint = try Checkpoint(
                origin: PythonVerifierTests.origin, size: 25, rootHash: MerkleTree.rootHash(size: 25, store: store))
            var witness = try Witness(key: witnessKey, logKey: logKey.verifierKey, origin: PythonVerifierTests.origin)
            var old = try oldCheckpoint.signed(by: logKey)
            old.add(try witness.cosign(old, consistencyProof: [], timestamp: 1_790_000_000))
            oldNote = old
            var note = try Checkpoint(origin: PythonVerifierTests.origin, size: 60, rootHash: store.rootHash).signed(
                by: logKey)
            note.add(
                try witness.cosign(
                    note, consistencyProof: MerkleTree.consistencyProof(from: 25, to: 60, store: store),
                    timestamp: 1_790_003_600))
            newNote = note
        }

        /// Writes `note` and a proofs file for events `sequences` (disclosing pseudonym and
        /// category) and a consistency proof from the old checkpoint; `edit` may alter the JSON.
        func write(
            note: SignedNote, sequences: [UInt64], size: UInt64 = 60, old: Checkpoint? = nil,
            edit: (inout [String: Any]) -> Void = { _ in }
        ) throws -> (URL, URL) {
            let old = old ?? oldCheckpoint
            var inclusion: [[String: Any]] = []
            for sequence in sequences {
                let leaf = leaves[Int(sequence - 1)]
                let shown = disclosures[Int(sequence - 1)].filter { $0.name == "pseudonym" || $0.name == "category" }
                inclusion.append([
                    "sequence": sequence, "event_type": leaf.eventType, "field_digests": leaf.fieldDigests.map(\.hex),
                    "disclosures": shown.map {
                        [
                            "salt": $0.salt.map { String(format: "%02x", $0) }.joined(), "name": $0.name,
                            "value": $0.value,
                        ]
                    },
                    "proof": try MerkleTree.inclusionProof(index: leaf.index, size: size, store: store).map(\.hex),
                ])
            }
            var json: [String: Any] = [
                "inclusion": inclusion,
                "consistency": [
                    "old_size": old.size, "old_root": old.rootHash.base64,
                    "proof": try MerkleTree.consistencyProof(from: min(old.size, size), to: size, store: store).map(
                        \.hex),
                ],
            ]
            edit(&json)
            let checkpointURL = directory.appendingPathComponent("checkpoint.txt")
            let proofsURL = directory.appendingPathComponent("proofs.json")
            try Data(note.serialized.utf8).write(to: checkpointURL)
            try JSONSerialization.data(withJSONObject: json, options: [.sortedKeys]).write(to: proofsURL)
            return (checkpointURL, proofsURL)
        }

        func verify(_ files: (URL, URL), key: NoteVerifierKey? = nil, witness: Bool = true) throws -> (
            status: Int32, output: String
        ) {
            let script = directory.appendingPathComponent("carelog_verify.py")
            try Data(DocumentedPythonVerifier.script().utf8).write(to: script)
            var arguments = [script.path, files.0.path, files.1.path, "--key", (key ?? logKey.verifierKey).vkey]
            if witness { arguments += ["--witness", witnessKey.verifierKey.vkey] }
            return try DocumentedPythonVerifier.run(arguments)
        }

        func cleanup() { try? FileManager.default.removeItem(at: directory) }
    }

    @Test(
        "the Python verifier accepts the signed, cosigned checkpoint, the disclosed rows' inclusion proofs and the consistency proof"
    )
    func acceptsGenuineProofs() throws {
        let fixture = try Fixture()
        defer { fixture.cleanup() }
        let result = try fixture.verify(fixture.write(note: fixture.newNote, sequences: [1, 26, 60]))
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.hasPrefix("OK: carelog.example/care-at-home at size 60"))
    }

    @Test("the Python verifier checks the published RFC 6962 audit paths against the published roots")
    func publishedVectors() throws {
        let fixture = try Fixture()
        defer { fixture.cleanup() }
        let key = try NoteSigner.generate(name: "vectors.example/log", type: .ed25519)
        let note = try Checkpoint(origin: "vectors.example/log", size: 8, rootHash: RFC6962Vectors.roots[8]).signed(
            by: key)
        let files = try fixture.write(note: note, sequences: []) { json in
            json["inclusion"] = RFC6962Vectors.inclusion.filter { $0.1 == 8 }.map { index, _, proof in
                [
                    "index": index, "leaf_hash": MerkleHash.leaf(RFC6962Vectors.leaves[Int(index)]).hex,
                    "proof": proof.map(\.hex),
                ] as [String: Any]
            }
            let (first, _, proof) = RFC6962Vectors.consistency[2]
            json["consistency"] = [
                "old_size": first, "old_root": RFC6962Vectors.roots[Int(first)].base64, "proof": proof.map(\.hex),
            ]
        }
        let result = try fixture.verify(files, key: key.verifierKey, witness: false)
        #expect(result.status == 0, "\(result.output)")
    }

    @Test("field salts follow the documented derivation, recomputed independently with Python's hmac and hashlib")
    func saltDerivationMatchesDocs() throws {
        let keyBytes = (0..<32).map { UInt8($0 * 7 & 0xFF) }
        let key = try FieldSaltKey(bytes: keyBytes)
        let hex: ([UInt8]) -> String = { $0.map { String(format: "%02x", $0) }.joined() }
        let program = """
            import hashlib, hmac, struct
            seed = hmac.new(bytes.fromhex("\(hex(keyBytes))"), b"carelog/salt/v1\\n" + struct.pack(">Q", 4242), hashlib.sha256).digest()
            print(hashlib.sha256(seed + "personId".encode()).digest()[:16].hex())
            """
        let result = try DocumentedPythonVerifier.run(["-c", program])
        #expect(result.status == 0, "\(result.output)")
        #expect(
            result.output.trimmingCharacters(in: .whitespacesAndNewlines)
                == hex(key.salt(sequence: 4242, field: "personId")))
    }

    @Test(
        "the Python verifier names each tampering: an edited row, a moved row, a wrong key, a missing cosignature, a fork and a replay"
    )
    func rejectsTampering() throws {
        let fixture = try Fixture()
        defer { fixture.cleanup() }
        func expectFailure(
            _ files: (URL, URL), key: NoteVerifierKey? = nil, _ phrase: String,
            sourceLocation: SourceLocation = #_sourceLocation
        ) throws {
            let result = try fixture.verify(files, key: key)
            #expect(result.status == 1, "\(result.output)", sourceLocation: sourceLocation)
            #expect(result.output.contains(phrase), "\(result.output)", sourceLocation: sourceLocation)
        }
        // An edited row: the disclosed category no longer matches the logged event.
        try expectFailure(
            fixture.write(note: fixture.newNote, sequences: [26]) { json in
                var inclusion = json["inclusion"] as? [[String: Any]] ?? []
                var disclosures = inclusion[0]["disclosures"] as? [[String: String]] ?? []
                disclosures[1]["value"] = "death"
                inclusion[0]["disclosures"] = disclosures
                json["inclusion"] = inclusion
            }, "does not match the logged event")
        // A row moved to another position (reordered): its proof no longer leads to the root.
        try expectFailure(
            fixture.write(note: fixture.newNote, sequences: [26]) { json in
                var inclusion = json["inclusion"] as? [[String: Any]] ?? []
                inclusion[0]["sequence"] = 27
                json["inclusion"] = inclusion
            }, "does not verify")
        // A checkpoint signed by another key.
        let impostor = try NoteSigner.generate(name: PythonVerifierTests.origin, type: .ed25519)
        try expectFailure(
            fixture.write(note: fixture.newNote, sequences: [1]), key: impostor.verifierKey,
            "not signed by carelog.example/care-at-home")
        // No witness cosignature.
        let uncosigned = try Checkpoint(origin: PythonVerifierTests.origin, size: 60, rootHash: fixture.store.rootHash)
            .signed(by: fixture.logKey)
        try expectFailure(fixture.write(note: uncosigned, sequences: [1]), "not signed by auditor.ijb.example/witness")
        // A fork: the recipient's previous checkpoint has another root at size 25.
        let forkedOld = try Checkpoint(origin: PythonVerifierTests.origin, size: 25, rootHash: .leaf([9]))
        try expectFailure(fixture.write(note: fixture.newNote, sequences: [1], old: forkedOld), "forked")
        // A replayed old checkpoint: the recipient already holds a larger one.
        let replayed = fixture.oldNote
        let newer = try Checkpoint(origin: PythonVerifierTests.origin, size: 60, rootHash: fixture.store.rootHash)
        try expectFailure(
            fixture.write(note: replayed, sequences: [1], size: 25, old: newer) { json in
                json["consistency"] = ["old_size": 60, "old_root": newer.rootHash.base64, "proof": [String]()]
            }, key: nil, "rollback")
    }
}
