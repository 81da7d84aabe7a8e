import CarelogCLI
import CarelogOperations
import Foundation
import LMDBEventLog
import Testing
import TransparencyLog

@Suite("Signed checkpoints, proofs and witnesses")
struct SignedCheckpointTests {
    /// A store with the fixture's events and its log key.
    func makeStore(_ cli: CLIHarness) throws -> (store: String, vkey: NoteVerifierKey) {
        let store = cli.path("store")
        #expect(cli.run(["init", "--store", store]).exitCode == 0)
        let lines = Fixture.ndjson([Fixture.serviceStarted] + Fixture.importLines)
        #expect(cli.run(["import", "--store", store, cli.write("events.ndjson", lines)]).exitCode == 0)
        let vkey = cli.run(["checkpoint", "--store", store, "--vkey"])
        #expect(vkey.exitCode == 0)
        return (store, try NoteVerifierKey(vkey: vkey.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
    }

    func mode(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return try #require(attributes[.posixPermissions] as? Int)
    }

    func sign(_ cli: CLIHarness, _ store: String, _ name: String) -> CLIHarness.Run {
        cli.run(["checkpoint", "--store", store, "--sign", "--output", cli.path(name)])
    }

    func appendOne(_ cli: CLIHarness, _ store: String) {
        _ = cli.run(["import", "--store", store, cli.write("more.ndjson", Fixture.ndjson([Fixture.visit2Scheduled]))])
    }

    @Test("init creates owner-only proof keys; --sign prints a C2SP checkpoint over every event, checked by --vkey")
    func signsTheWholeLog() throws {
        let cli = CLIHarness()
        let (store, vkey) = try makeStore(cli)
        #expect(try mode(store + "/keys") == 0o700)
        #expect(try mode(store + "/keys/log-signing.key") == 0o600)
        #expect(try mode(store + "/keys/field-salt.key") == 0o600)
        let run = cli.run(["checkpoint", "--store", store, "--sign"])
        #expect(run.exitCode == 0)
        #expect(!run.stdout.contains("PRIVATE"))
        let note = try SignedNote(parsing: run.stdout)
        let checkpoint = try TransparencyLog.Checkpoint.open(note, logKey: vkey).checkpoint
        #expect(checkpoint.size == 5)
        #expect(checkpoint.origin == vkey.name)
        #expect(checkpoint.origin.hasPrefix("carelog."))
        let other = try NoteSigner.generate(name: vkey.name, type: .ed25519)
        #expect(throws: SignedNoteError.self) {
            try TransparencyLog.Checkpoint.open(note, logKey: other.verifierKey)
        }
    }

    @Test("consistency and inclusion proofs printed by `carelog proof` verify against signed checkpoints")
    func proofsVerify() throws {
        let cli = CLIHarness()
        let (store, vkey) = try makeStore(cli)
        #expect(sign(cli, store, "a.checkpoint").exitCode == 0)
        appendOne(cli, store)
        #expect(sign(cli, store, "b.checkpoint").exitCode == 0)
        let a = try TransparencyLog.Checkpoint.open(
            try SignedNote(parsing: try String(contentsOfFile: cli.path("a.checkpoint"), encoding: .utf8)), logKey: vkey
        ).checkpoint
        let b = try TransparencyLog.Checkpoint.open(
            try SignedNote(parsing: try String(contentsOfFile: cli.path("b.checkpoint"), encoding: .utf8)), logKey: vkey
        ).checkpoint
        #expect((a.size, b.size) == (5, 6))
        let proof = cli.run(["proof", "consistency", "--store", store, "--from", "5", "--to", "6"])
        #expect(proof.exitCode == 0)
        let hashes = proof.stdout.split(separator: "\n").compactMap { MerkleHash(hex: String($0)) }
        try MerkleTree.verifyConsistency(
            first: 5, second: 6, firstRoot: a.rootHash, secondRoot: b.rootHash, proof: hashes)
        let path = cli.run(["proof", "inclusion", "--store", store, "--sequence", "3", "--size", "6"])
        #expect(path.exitCode == 0)
        #expect(path.stdout.split(separator: "\n").count == 3)
        #expect(cli.run(["proof", "consistency", "--store", store, "--from", "5", "--to", "9"]).exitCode == 64)
    }

    @Test("a witness cosigns a consistent checkpoint and refuses a fork, a replayed old checkpoint and another key")
    func witnessRefusesForksAndReplays() throws {
        let cli = CLIHarness()
        let (store, vkey) = try makeStore(cli)
        let witnessDir = cli.path("witness")
        let initRun = cli.run(["witness", "init", "--name", "ijb-audit", "--dir", witnessDir])
        #expect(initRun.exitCode == 0)
        let witnessKey = try NoteVerifierKey(vkey: initRun.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(try mode(witnessDir + "/witness.key") == 0o600)
        func cosign(_ checkpoint: String, proof: String? = nil, key: String = vkey.vkey) -> CLIHarness.Run {
            var arguments = ["witness", "cosign", "--dir", witnessDir, "--log-key", key, cli.path(checkpoint)]
            if let proof { arguments += ["--proof", proof] }
            return cli.run(arguments)
        }
        #expect(sign(cli, store, "a.checkpoint").exitCode == 0)
        let first = cosign("a.checkpoint")
        #expect(first.exitCode == 0)
        let cosigned = try SignedNote(parsing: first.stdout)
        _ = try TransparencyLog.Checkpoint.open(
            cosigned, logKey: vkey, witnessKeys: [witnessKey], requiredWitnesses: 1)

        appendOne(cli, store)
        #expect(sign(cli, store, "b.checkpoint").exitCode == 0)
        let proofText = cli.run(["proof", "consistency", "--store", store, "--from", "5", "--to", "6"]).stdout

        // A fork: the log's key signs another tree of size 6.
        let signerText = try String(contentsOfFile: store + "/keys/log-signing.key", encoding: .utf8)
        let signer = try NoteSigner(signerKey: signerText.trimmingCharacters(in: .whitespacesAndNewlines))
        let forked = try TransparencyLog.Checkpoint(
            origin: vkey.name, size: 6, rootHash: try #require(MerkleHash(bytes: Array(repeating: 1, count: 32))))
        _ = cli.write("fork.checkpoint", try forked.signed(by: signer).serialized)
        let forkRun = cosign("fork.checkpoint", proof: cli.write("fork.proof", proofText))
        #expect(forkRun.exitCode == 1)
        #expect(forkRun.stderr.contains("forked"))

        #expect(cosign("b.checkpoint", proof: cli.write("b.proof", proofText)).exitCode == 0)
        let replay = cosign("a.checkpoint")
        #expect(replay.exitCode == 1)
        #expect(replay.stderr.contains("rollback"))

        let stranger = try NoteSigner.generate(name: vkey.name, type: .ed25519)
        let otherRun = cosign("b.checkpoint", key: stranger.verifierKey.vkey)
        #expect(otherRun.exitCode == 1)
    }

    @Test("--sign --full refuses a log whose events no longer match the tree, and verify names the event")
    func signRefusesAMismatchedTree() throws {
        let cli = CLIHarness()
        let (store, _) = try makeStore(cli)
        #expect(sign(cli, store, "a.checkpoint").exitCode == 0)
        // Another salt key makes every recomputed leaf differ from the stored tree, as an edit would.
        try replaceSaltKey(of: store)
        let verify = cli.run(["verify", "--store", store])
        #expect(verify.exitCode == 1)
        #expect(verify.stderr.contains("event 1 does not match"))
        appendOne(cli, store)
        // The whole-log check: the incremental one does not recompute the leaves already signed.
        let refused = cli.run([
            "checkpoint", "--store", store, "--sign", "--full", "--output", cli.path("b.checkpoint"),
        ])
        #expect(refused.exitCode == 1)
        #expect(refused.stderr.contains("event 1 no longer matches"))
        #expect(!FileManager.default.fileExists(atPath: cli.path("b.checkpoint")))
        #expect(cli.run(["verify", "--store", store, "--rebuild-tree"]).exitCode == 0)
    }

    @Test("every signed checkpoint is kept (0600, by tree size); the history says which the tree no longer agrees with")
    func keepsEveryCheckpointSignedAndChecksEachAgainstTheTree() throws {
        let cli = CLIHarness()
        let (store, _) = try makeStore(cli)
        #expect(sign(cli, store, "a.checkpoint").exitCode == 0)
        appendOne(cli, store)
        #expect(sign(cli, store, "b.checkpoint").exitCode == 0)
        let folder = SignedCheckpointHistory.directory(store: store)
        #expect(try mode(folder) == 0o700)
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        #expect(files == ["00000000000000000005.checkpoint", "00000000000000000006.checkpoint"])
        for file in files { #expect(try mode(folder + "/" + file) == 0o600) }
        func history() throws -> SignedCheckpointHistory {
            let opened = try LMDBEventStore(path: store)
            return try SignedCheckpointHistory.read(store: opened, storePath: store)
        }
        let kept = try history()
        #expect(kept.entries.map(\.size) == [5, 6])
        #expect(kept.entries.allSatisfy { $0.signedByLogKey && $0.agreesWithTree == true })
        // The signed bytes are those `--sign` printed.
        let printed = try String(contentsOfFile: cli.path("b.checkpoint"), encoding: .utf8)
        #expect(try String(contentsOfFile: folder + "/" + files[1], encoding: .utf8) == printed)

        // The tree rebuilt under another salt key (as after events were edited and the tree redone
        // to hide it): neither kept checkpoint agrees with the tree any more.
        try replaceSaltKey(of: store)
        #expect(cli.run(["verify", "--store", store, "--rebuild-tree"]).exitCode == 0)
        let after = try history()
        #expect(after.entries.map(\.agreesWithTree) == [false, false])
        #expect(after.entries.allSatisfy { $0.signedByLogKey })
    }
}

/// Replaces the store's field-salt key with another (0600): every leaf recomputed from its event
/// then differs from the stored tree, as an edit of the events would make it.
func replaceSaltKey(of store: String) throws {
    let keyFile = store + "/keys/field-salt.key"
    try FileManager.default.removeItem(atPath: keyFile)
    _ = FileManager.default.createFile(
        atPath: keyFile, contents: Data((String(repeating: "ab", count: 32) + "\n").utf8),
        attributes: [.posixPermissions: 0o600])
}
