import CarelogCLI
import Foundation
import TestSupport
import Testing
import TransparencyLog

@Suite("Signed checkpoints checked by the Python verifier", .enabled(if: DocumentedPythonVerifier.isAvailable))
struct SignedCheckpointPythonTests {
    @Test("a cosigned checkpoint and the CLI's consistency proof verify in Python; a forked root fails")
    func pythonChecksCLIOutput() throws {
        let cli = CLIHarness()
        let store = cli.path("store")
        #expect(cli.run(["init", "--store", store]).exitCode == 0)
        let lines = Fixture.ndjson([Fixture.serviceStarted] + Fixture.importLines)
        #expect(cli.run(["import", "--store", store, cli.write("events.ndjson", lines)]).exitCode == 0)
        let vkey = cli.run(["checkpoint", "--store", store, "--vkey"]).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let logKey = try NoteVerifierKey(vkey: vkey)
        #expect(
            cli.run(["checkpoint", "--store", store, "--sign", "--output", cli.path("a.checkpoint")]).exitCode == 0)
        let witnessDir = cli.path("witness")
        let witness = cli.run(["witness", "init", "--name", "ijb-audit", "--dir", witnessDir]).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
        _ = cli.run(["import", "--store", store, cli.write("more.ndjson", Fixture.ndjson([Fixture.visit2Scheduled]))])
        #expect(
            cli.run(["checkpoint", "--store", store, "--sign", "--output", cli.path("b.checkpoint")]).exitCode == 0)
        let proof = cli.run(["proof", "consistency", "--store", store, "--from", "5", "--to", "6"]).stdout
        let cosigned = cli.run([
            "witness", "cosign", "--dir", witnessDir, "--log-key", vkey, cli.path("b.checkpoint"),
            "--output", cli.path("b.cosigned"),
        ])
        #expect(cosigned.exitCode == 0)

        let a = try TransparencyLog.Checkpoint.open(
            try SignedNote(parsing: try String(contentsOfFile: cli.path("a.checkpoint"), encoding: .utf8)),
            logKey: logKey
        ).checkpoint
        let hashes = proof.split(separator: "\n").map { "\"\($0)\"" }.joined(separator: ",")
        let proofs = cli.write(
            "proofs.json",
            #"{"inclusion": [], "consistency": {"old_size": 5, "old_root": "\#(a.rootHash.base64)", "proof": [\#(hashes)]}}"#
        )
        let script = cli.write("carelog_verify.py", try DocumentedPythonVerifier.script())
        let good = try DocumentedPythonVerifier.run([
            script, cli.path("b.cosigned"), proofs, "--key", vkey, "--witness", witness,
        ])
        #expect(good.status == 0, "\(good.output)")

        // The same log key signing another root of size 6: the consistency proof no longer leads to it.
        let signerText = try String(contentsOfFile: store + "/keys/log-signing.key", encoding: .utf8)
        let signer = try NoteSigner(signerKey: signerText.trimmingCharacters(in: .whitespacesAndNewlines))
        let forked = try TransparencyLog.Checkpoint(
            origin: logKey.name, size: 6, rootHash: try #require(MerkleHash(bytes: Array(repeating: 2, count: 32))))
        let forkedFile = cli.write("fork.checkpoint", try forked.signed(by: signer).serialized)
        let bad = try DocumentedPythonVerifier.run([script, forkedFile, proofs, "--key", vkey])
        #expect(bad.status == 1)
        #expect(bad.output.contains("FAILED"))
    }
}
