import CarelogCLI
import Foundation
import Testing
import TransparencyLog

/// The stand-alone verifier of `Docs/proofs.md` run on what the command line issues.
enum DocPythonVerifier {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static let isAvailable: Bool =
        (try? run(["-c", "import cryptography.hazmat.primitives.asymmetric.ed25519"]).status) == 0

    /// The verifier's source, cut from the doc between its marker lines.
    static func script() throws -> String {
        let doc = try String(contentsOf: packageRoot.appendingPathComponent("Docs/proofs.md"), encoding: .utf8)
        let begin = "# --- BEGIN carelog_verify.py ---\n"
        guard let start = doc.range(of: begin),
            let stop = doc.range(of: "# --- END carelog_verify.py ---", range: start.upperBound..<doc.endIndex)
        else { throw CocoaError(.fileReadCorruptFile) }
        return String(doc[start.upperBound..<stop.lowerBound])
    }

    static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}

@Suite("Signed checkpoints checked by the Python verifier", .enabled(if: DocPythonVerifier.isAvailable))
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
        let script = cli.write("carelog_verify.py", try DocPythonVerifier.script())
        let good = try DocPythonVerifier.run([
            script, cli.path("b.cosigned"), proofs, "--key", vkey, "--witness", witness,
        ])
        #expect(good.status == 0, "\(good.output)")

        // The same log key signing another root of size 6: the consistency proof no longer leads to it.
        let signerText = try String(contentsOfFile: store + "/keys/log-signing.key", encoding: .utf8)
        let signer = try NoteSigner(signerKey: signerText.trimmingCharacters(in: .whitespacesAndNewlines))
        let forked = try TransparencyLog.Checkpoint(
            origin: logKey.name, size: 6, rootHash: try #require(MerkleHash(bytes: Array(repeating: 2, count: 32))))
        let forkedFile = cli.write("fork.checkpoint", try forked.signed(by: signer).serialized)
        let bad = try DocPythonVerifier.run([script, forkedFile, proofs, "--key", vkey])
        #expect(bad.status == 1)
        #expect(bad.output.contains("FAILED"))
    }
}
