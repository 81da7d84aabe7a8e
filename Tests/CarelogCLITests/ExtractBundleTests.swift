import CareRecord
import CarelogCLI
import EventLog
import Foundation
import LMDBEventLog
import TestSupport
import Testing
import TransparencyLog

/// A store of notifications for bundle tests: `count` notifications (person ids P000100…),
/// every third linked to an incident (with staff ids and a free-text summary) and followed up
/// by a category correction, plus one notifiable incident never notified.
enum BundleFixture {
    static let summary = "Found on the floor by the carer, bruised left arm"

    static func personId(_ index: Int) -> String { "P" + String(100 + index * 7919 % 900_000) }

    static func store(_ cli: CLIHarness, count: Int = 6) throws -> (store: String, vkey: String) {
        let store = cli.path("store")
        try #require(cli.run(["init", "--store", store]).exitCode == 0)
        let log = try LMDBEventStore(path: store)
        let start = try #require(Timestamp(iso8601: "2020-02-01T09:00:00Z"))
        for index in 0..<count {
            let aware = start.adding(milliseconds: Int64(index) * 3_600_000)
            var incidentId: String?
            if index % 3 == 0 {
                incidentId = "I-\(index)"
                let incident = IncidentRecorded(
                    kind: .accidentOrInjury, occurredAt: aware.adding(milliseconds: -600_000), becameAwareAt: aware,
                    personId: personId(index), staffIds: ["S0042"], summary: summary)
                try log.append([
                    incident.careEvent.proposed(
                        stream: try #require(StreamName("incident/I-\(index)")), occurredAt: aware,
                        actor: "staff/S0001")
                ])
            }
            let notification = NotificationSubmitted(
                category: .accidentIncidentOrInjury, eFormsReference: "EF-\(index)",
                submittedAt: aware.adding(milliseconds: 3_600_000 * Int64(1 + index % 2 * 30)), becameAwareAt: aware,
                incidentId: incidentId, personId: incidentId == nil ? personId(index) : nil, submittedBy: "S0001")
            let stream = try #require(StreamName("notification/N\(index)"))
            try log.append([notification.careEvent.proposed(stream: stream, occurredAt: aware, actor: "staff/S0001")])
            if incidentId != nil {
                let followUp = NotificationFollowedUp(
                    followedUpAt: aware.adding(milliseconds: 7_200_000), kind: .correction,
                    correctedCategory: .allegationOfAbuse, summary: summary)
                try log.append([followUp.careEvent.proposed(stream: stream, occurredAt: aware, actor: "staff/S0001")])
            }
        }
        let unnotified = IncidentRecorded(
            kind: .accidentOrInjury, occurredAt: start, becameAwareAt: start, personId: personId(99), summary: summary)
        try log.append([
            unnotified.careEvent.proposed(
                stream: try #require(StreamName("incident/I-99")), occurredAt: start, actor: "staff/S0001")
        ])
        let vkey = cli.run(["checkpoint", "--store", store, "--vkey"]).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
        return (store, vkey)
    }

    static func extract(_ cli: CLIHarness, _ store: String, _ bundle: String, _ extra: [String] = []) -> CLIHarness.Run
    {
        cli.run(
            [
                "extract", "notifications", "--store", store, "--from", "2020-01-01", "--to", "2020-03-31",
                "--as-at", "2020-03-31", "--format", "json", "--bundle", cli.path(bundle),
            ] + extra)
    }

    /// Runs the Swift and (when available) the Python verifier; returns their exit codes and outputs.
    static func verifyBoth(_ cli: CLIHarness, _ bundle: String, _ arguments: [String]) throws -> [(Int32, String)] {
        let swift = cli.run(["verify-bundle", cli.path(bundle)] + arguments)
        var results = [(swift.exitCode, swift.stdout + swift.stderr)]
        if DocumentedPythonVerifier.isAvailable {
            let script = cli.write("carelog_verify.py", try DocumentedPythonVerifier.script())
            let python = try DocumentedPythonVerifier.run([script, "bundle", cli.path(bundle)] + arguments)
            results.append((python.status, python.output))
        }
        return results
    }

    static func mode(_ path: String) throws -> Int {
        try #require(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
    }

    /// Rewrites `extract.json` of a bundle with its first section's rows changed by `change`.
    static func tamper(_ file: String, _ change: (inout [Any]) -> Void) throws {
        var document = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: file))) as? [String: Any])
        var sections = try #require(document["sections"] as? [[String: Any]])
        var rows = try #require(sections[0]["rows"] as? [Any])
        change(&rows)
        sections[0]["rows"] = rows
        document["sections"] = sections
        try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys]).write(
            to: URL(fileURLWithPath: file))
    }
}

@Suite("Extract bundles checked without the store")
struct ExtractBundleTests {
    @Test("a bundle verifies with the vkey alone, in Swift and Python, and discloses only what rows show")
    func bundleVerifiesAndDisclosesOnlyWhatRowsShow() throws {
        let cli = CLIHarness()
        let (store, vkey) = try BundleFixture.store(cli)
        let made = BundleFixture.extract(cli, store, "bundle")
        try #require(made.exitCode == 0, "\(made.stderr)")
        let bundle = cli.path("bundle")
        #expect(try BundleFixture.mode(bundle) == 0o700)
        for name in ["extract.json", "extract.manifest.json", "checkpoint.txt", "proofs.json", "bundle.note"] {
            #expect(try BundleFixture.mode(bundle + "/" + name) == 0o600, "\(name)")
        }
        for (status, output) in try BundleFixture.verifyBoth(cli, "bundle", ["--key", vkey]) {
            #expect(status == 0, "\(output)")
        }
        let proofs = String(
            decoding: try Data(contentsOf: URL(fileURLWithPath: bundle + "/proofs.json")), as: UTF8.self)
        let everything =
            try ["extract.json", "extract.manifest.json", "checkpoint.txt", "bundle.note"].map {
                String(decoding: try Data(contentsOf: URL(fileURLWithPath: bundle + "/" + $0)), as: UTF8.self)
            }.joined() + proofs
        // No person id, staff id, stream name or free text anywhere in the bundle.
        for secret in (0..<6).map(BundleFixture.personId) + ["S0042", "S0001", "notification/", "incident/I-"] {
            #expect(!everything.contains(secret), "the bundle shows \(secret)")
        }
        #expect(!everything.contains("bruised"))
        for hidden in ["\"stream\"", "payload.personId", "payload.summary", "payload.staffIds", "\"actor\""] {
            #expect(!proofs.contains("\"name\" : \(hidden)"))
        }
        // Every row's category is proved, including a category corrected by a follow-up.
        let parsed = try JSONSerialization.jsonObject(with: Data(proofs.utf8)) as? [String: Any]
        let rows = try #require(parsed?["rows"] as? [[String: Any]])
        #expect(rows.count == 7)
        for row in rows {
            let cells = try #require(row["cells"] as? [[String: Any]]).compactMap { $0["column"] as? String }
            #expect(cells.contains("category") || cells.contains("kind"))
            #expect(cells.contains("becameAwareAt"))
        }
        #expect(proofs.contains("payload.correctedCategory"))
        // A non-empty directory is refused; --force replaces it.
        #expect(BundleFixture.extract(cli, store, "bundle").exitCode == 64)
        #expect(BundleFixture.extract(cli, store, "bundle", ["--force"]).exitCode == 0)
        #expect(BundleFixture.extract(cli, store, "csv", ["--format", "csv"]).exitCode == 64)
    }

    @Test(
        "a bundle holds the extract --output writes, rows proved by their own events, proofs.json as the note signs it")
    func bundleHoldsThePlainExtractAndTheSignedProofs() throws {
        let cli = CLIHarness()
        let (store, _) = try BundleFixture.store(cli)
        try #require(BundleFixture.extract(cli, store, "bundle").exitCode == 0)
        let plain = cli.run([
            "extract", "notifications", "--store", store, "--from", "2020-01-01", "--to", "2020-03-31",
            "--as-at", "2020-03-31", "--format", "json", "--output", cli.path("plain.json"),
        ])
        try #require(plain.exitCode == 0, "\(plain.stderr)")
        func bytes(_ path: String) throws -> [UInt8] { Array(try Data(contentsOf: URL(fileURLWithPath: path))) }
        let bundle = cli.path("bundle")
        #expect(try bytes(bundle + "/extract.json") == bytes(cli.path("plain.json")))
        #expect(try bytes(bundle + "/extract.manifest.json") == bytes(cli.path("plain.json.manifest.json")))
        // Each row's first event is the row's own `sequence` cell, section by section.
        let extract = try #require(
            try JSONSerialization.jsonObject(with: Data(bytes(bundle + "/extract.json"))) as? [String: Any])
        let sections = try #require(extract["sections"] as? [[String: Any]])
        let proofs = try #require(
            try JSONSerialization.jsonObject(with: Data(bytes(bundle + "/proofs.json"))) as? [String: Any])
        let rows = try #require(proofs["rows"] as? [[String: Any]])
        #expect(rows.count == sections.reduce(0) { $0 + (($1["rows"] as? [Any])?.count ?? 0) })
        for row in rows {
            let section = try #require(row["section"] as? Int)
            let index = try #require(row["row"] as? Int)
            let cells = try #require((sections[section - 1]["rows"] as? [[String: Any]])?[index - 1])
            let events = try #require(row["events"] as? [Int])
            #expect(events.first == cells["sequence"] as? Int, "section \(section) row \(index)")
        }
        // proofs.json is the file whose SHA-256 the log signed in bundle.note.
        let note = String(decoding: try bytes(bundle + "/bundle.note"), as: UTF8.self)
        #expect(note.contains("\(EventHash.sha256(of: try bytes(bundle + "/proofs.json")).hex) proofs.json\n"))
    }

    @Test(
        "a deleted, added, reordered or edited row is named by both verifiers",
        arguments: ["deleted", "added", "reordered", "edited"])
    func tamperedRowIsNamed(_ tamper: String) throws {
        let cli = CLIHarness()
        let (store, vkey) = try BundleFixture.store(cli)
        try #require(BundleFixture.extract(cli, store, "bundle").exitCode == 0)
        let file = cli.path("bundle/extract.json")
        let expected: String
        switch tamper {
        case "deleted":
            try BundleFixture.tamper(file) { rows in rows.remove(at: 1) }
            expected = "section 1 row 2, column sequence"
        case "added":
            try BundleFixture.tamper(file) { rows in rows.append(rows[0]) }
            expected = "section 1 row 7 has no proof"
        case "reordered":
            try BundleFixture.tamper(file) { rows in rows.swapAt(0, 1) }
            expected = "section 1 row 1, column sequence"
        default:
            try BundleFixture.tamper(file) { rows in
                guard var row = rows[2] as? [String: Any] else { return }
                row["category"] = "death"
                rows[2] = row
            }
            expected = "section 1 row 3, column category: the cell does not match the disclosed field"
        }
        for (status, output) in try BundleFixture.verifyBoth(cli, "bundle", ["--key", vkey]) {
            #expect(status == 1, "\(output)")
            #expect(output.contains(expected), "\(output)")
        }
    }

    @Test("an extract edited with its manifest and proofs redone is refused: the log signed other files")
    func editedFilesRedoneAreRefusedByTheBundleNote() throws {
        let cli = CLIHarness()
        let (store, vkey) = try BundleFixture.store(cli)
        try #require(BundleFixture.extract(cli, store, "bundle").exitCode == 0)
        // Swap in the manifest of another extract of the same store: it is well-formed, but not signed.
        try #require(
            cli.run([
                "extract", "notifications", "--store", store, "--from", "2020-01-01", "--to", "2020-03-31",
                "--as-at", "2020-03-30", "--format", "json", "--output", cli.path("other.json"),
            ]).exitCode == 0)
        let bundle = cli.path("bundle")
        for name in ["extract.json", "extract.manifest.json"] {
            try FileManager.default.removeItem(atPath: bundle + "/" + name)
        }
        try FileManager.default.copyItem(atPath: cli.path("other.json"), toPath: bundle + "/extract.json")
        try FileManager.default.copyItem(
            atPath: cli.path("other.json.manifest.json"), toPath: bundle + "/extract.manifest.json")
        for (status, output) in try BundleFixture.verifyBoth(cli, "bundle", ["--key", vkey]) {
            #expect(status == 1, "\(output)")
            #expect(output.contains("extract.json is not the file the log signed"), "\(output)")
        }
    }

    @Test("a checkpoint signed by another key, or lacking a required witness, is refused")
    func otherKeyAndMissingWitnessAreRefused() throws {
        let cli = CLIHarness()
        let (store, vkey) = try BundleFixture.store(cli)
        try #require(BundleFixture.extract(cli, store, "bundle").exitCode == 0)
        let witness = cli.run(["witness", "init", "--name", "ijb-audit", "--dir", cli.path("witness")]).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
        for (status, output) in try BundleFixture.verifyBoth(cli, "bundle", ["--key", vkey, "--witness", witness]) {
            #expect(status == 1, "\(output)")
            #expect(output.contains("checkpoint.txt"), "\(output)")
        }
        let logKey = try NoteVerifierKey(vkey: vkey)
        let stranger = try NoteSigner.generate(name: logKey.name, type: .ed25519)
        let file = cli.path("bundle/checkpoint.txt")
        let note = try SignedNote(parsing: try Data(contentsOf: URL(fileURLWithPath: file)))
        let forged = try TransparencyLog.Checkpoint(text: note.text).signed(by: stranger)
        try Data(forged.serialized.utf8).write(to: URL(fileURLWithPath: file))
        for (status, output) in try BundleFixture.verifyBoth(cli, "bundle", ["--key", vkey]) {
            #expect(status == 1, "\(output)")
            #expect(output.contains("checkpoint.txt"), "\(output)")
        }
        #expect(cli.run(["verify-bundle", cli.path("bundle"), "--key", "not-a-key"]).exitCode == 64)
    }

    @Test("a cosigned bundle with a consistency proof verifies; a replayed older bundle is named")
    func cosignedBundleAndReplayedCheckpoint() throws {
        let cli = CLIHarness()
        let (store, vkey) = try BundleFixture.store(cli)
        try #require(BundleFixture.extract(cli, store, "old").exitCode == 0)
        let oldCheckpoint = cli.path("old/checkpoint.txt")
        _ = cli.run(["import", "--store", store, cli.write("more.ndjson", Fixture.ndjson([Fixture.serviceStarted]))])
        try #require(
            cli.run(["checkpoint", "--store", store, "--sign", "--output", cli.path("new.checkpoint")]).exitCode == 0)
        let witnessDir = cli.path("witness")
        let witness = cli.run(["witness", "init", "--name", "ijb-audit", "--dir", witnessDir]).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let cosigned = cli.run([
            "witness", "cosign", "--dir", witnessDir, "--log-key", vkey, cli.path("new.checkpoint"), "--output",
            cli.path("new.cosigned"),
        ])
        try #require(cosigned.exitCode == 0, "\(cosigned.stderr)")
        let made = BundleFixture.extract(
            cli, store, "new", ["--checkpoint", cli.path("new.cosigned"), "--previous-checkpoint", oldCheckpoint])
        try #require(made.exitCode == 0, "\(made.stderr)")
        let arguments = ["--key", vkey, "--witness", witness, "--previous-checkpoint", oldCheckpoint]
        for (status, output) in try BundleFixture.verifyBoth(cli, "new", arguments) {
            #expect(status == 0, "\(output)")
        }
        // The old bundle shown to someone who already holds the newer checkpoint: a replay.
        for (status, output) in try BundleFixture.verifyBoth(
            cli, "old", ["--key", vkey, "--previous-checkpoint", cli.path("new.checkpoint")])
        {
            #expect(status == 1, "\(output)")
            #expect(output.contains("replayed"), "\(output)")
        }
    }

    @Test(
        "after an event changes under the tree: no --full checkpoint, no bundle; the old bundle verifies; a rewritten log fails"
    )
    func rewrittenLogAfterSigning() throws {
        let cli = CLIHarness()
        let (store, vkey) = try BundleFixture.store(cli)
        try #require(BundleFixture.extract(cli, store, "before").exitCode == 0)
        let before = cli.path("before/checkpoint.txt")
        let witnessDir = cli.path("witness")
        _ = cli.run(["witness", "init", "--name", "ijb-audit", "--dir", witnessDir])
        #expect(cli.run(["witness", "cosign", "--dir", witnessDir, "--log-key", vkey, before]).exitCode == 0)
        // Another salt key changes every recomputed leaf, as editing the events would.
        try replaceSaltKey(of: store)
        #expect(cli.run(["checkpoint", "--store", store, "--sign", "--full"]).exitCode == 1)
        // The incremental signature does not look at the signed events again, but the bundle's
        // own check of each event's leaf against the signed root refuses them.
        let refused = BundleFixture.extract(cli, store, "refused")
        #expect(refused.exitCode == 1)
        #expect(refused.stderr.contains("no longer matches its leaf in the signed tree"), "\(refused.stderr)")
        for (status, output) in try BundleFixture.verifyBoth(cli, "before", ["--key", vkey]) {
            #expect(status == 0, "\(output)")
        }
        // A dishonest operator rebuilds the tree and forgets its last checkpoint to sign anew.
        #expect(cli.run(["verify", "--store", store, "--rebuild-tree"]).exitCode == 0)
        try FileManager.default.removeItem(atPath: store + "/keys/last-signed.checkpoint")
        try #require(BundleFixture.extract(cli, store, "after").exitCode == 0)
        #expect(BundleFixture.extract(cli, store, "after2", ["--previous-checkpoint", before]).exitCode == 1)
        // The witness that cosigned the first checkpoint refuses the rewritten one (a fork).
        let fork = cli.run([
            "witness", "cosign", "--dir", witnessDir, "--log-key", vkey, cli.path("after/checkpoint.txt"), "--proof",
            cli.write("empty.proof", ""),
        ])
        #expect(fork.exitCode == 1)
        #expect(fork.stderr.contains("fork"))
        let arguments = ["--key", vkey, "--previous-checkpoint", before]
        for (status, output) in try BundleFixture.verifyBoth(cli, "after", arguments) {
            #expect(status == 1, "\(output)")
            #expect(output.contains("does not verify") || output.contains("no consistency proof"), "\(output)")
        }
    }
}
