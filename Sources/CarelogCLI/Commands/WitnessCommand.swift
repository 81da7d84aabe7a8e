import ArgumentParser
import CarelogOperations
import EventLog
import Foundation
import TransparencyLog

/// `carelog witness`: a second party's cosigning of the log's checkpoints (C2SP
/// `tlog-cosignature`).
package struct WitnessCommand: ParsableCommand {
    package static let configuration = CommandConfiguration(
        commandName: "witness",
        abstract: "Keep a witness: cosign a log's checkpoints only when they extend the last one cosigned.",
        discussion: """
            The witness directory (0700) holds witness.key (its Ed25519 key, 0600, never printed), \\
            log.vkey (the log it witnesses, fixed by the first cosigning) and last-cosigned.checkpoint.

            Example:
              carelog witness init --name ijb-audit --dir ~/witness
              carelog witness cosign --dir ~/witness --log-key "$(cat log.vkey)" 2020-06.checkpoint \\
                --proof 2020-03-to-06.proof --output 2020-06.cosigned.checkpoint
            """,
        subcommands: [WitnessInitCommand.self, WitnessCosignCommand.self])

    package init() {}
}

/// `carelog witness init`.
package struct WitnessInitCommand: EnvironmentCommand {
    package static let configuration = CommandConfiguration(
        commandName: "init", abstract: "Create a witness key in a new directory and print its public vkey.")

    @Option(name: .long, help: "The witness's key name (no spaces or +), e.g. ijb-audit.") package var name: String
    @Option(name: .long, help: "The witness's directory (created 0700).") package var dir: String

    package init() {}

    package func run(in environment: CommandEnvironment) throws {
        let keyFile = WitnessFiles.keyPath(dir)
        guard !FileManager.default.fileExists(atPath: keyFile) else {
            throw CarelogError.storeOrIO(
                "\(dir) already holds a witness key; keep it (its vkey is what recipients trust)")
        }
        let signer: NoteSigner
        do { signer = try NoteSigner.generate(name: name, type: .cosignatureV1) } catch {
            throw CarelogError.usage("--name must be a key name without spaces or +: \(error)")
        }
        try OutputFile.makePrivateDirectory(dir)
        try OutputFile.writePrivate(Array((signer.signerKey + "\n").utf8), to: keyFile, displayName: "the witness key")
        environment.output.line(signer.verifierKey.vkey)
    }
}

/// `carelog witness cosign`.
package struct WitnessCosignCommand: EnvironmentCommand {
    package static let configuration = CommandConfiguration(
        commandName: "cosign",
        abstract: "Check a signed checkpoint and a consistency proof, then print it with this witness's cosignature.",
        discussion: """
            Refuses (exit 1, nothing changed) a checkpoint not signed by --log-key, one for another \\
            log, one smaller than the last cosigned (rollback or replay), or one whose consistency \\
            proof from the last cosigned fails (a fork). The proof is `carelog proof consistency \\
            --from <last cosigned size> --to <size>`; it may be omitted for the first checkpoint.
            """)

    @Option(name: .long, help: "The witness's directory.") package var dir: String
    @Option(name: .long, help: "The log's public key (vkey line).") package var logKey: String
    @Argument(help: "The signed checkpoint file.") package var checkpoint: String
    @Option(name: .long, help: "The consistency proof file (hex hash a line).") package var proof: String?
    @Option(name: .long, help: "Write the cosigned checkpoint here (0600) instead of printing it.")
    package var output: String?
    @Flag(name: .long, help: "Replace an existing --output file.") package var force = false

    package init() {}

    package func run(in environment: CommandEnvironment) throws {
        let key: NoteSigner
        let log: NoteVerifierKey
        do { log = try NoteVerifierKey(vkey: logKey) } catch {
            throw CarelogError.usage("--log-key is not a vkey line (name+keyid+base64): \(error)")
        }
        guard let keyData = FileManager.default.contents(atPath: WitnessFiles.keyPath(dir)) else {
            throw CarelogError.storeOrIO("\(dir) holds no witness key; create one with `carelog witness init`")
        }
        do {
            key = try NoteSigner(
                signerKey: String(decoding: keyData, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
        } catch {
            throw CarelogError.storeOrIO("the witness key in \(dir) is damaged; restore it from a backup")
        }
        if let known = FileManager.default.contents(atPath: WitnessFiles.logKeyPath(dir)) {
            let text = String(decoding: known, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            guard text == log.vkey else {
                throw CarelogError.verificationFailed(
                    "this witness cosigns the log with key \(text); --log-key names another key: refused")
            }
        }
        guard let noteData = FileManager.default.contents(atPath: checkpoint) else {
            throw CarelogError.storeOrIO("cannot read the checkpoint \(checkpoint)")
        }
        var note: SignedNote
        do { note = try SignedNote(parsing: Array(noteData)) } catch {
            throw CarelogError.invalidInput("\(checkpoint) is not a signed note: \(error)")
        }
        var consistency: [MerkleHash] = []
        if let proof {
            guard let data = FileManager.default.contents(atPath: proof) else {
                throw CarelogError.storeOrIO("cannot read the proof \(proof)")
            }
            consistency = try ProofText.parse(String(decoding: data, as: UTF8.self), file: proof)
        }
        var last: TransparencyLog.Checkpoint?
        if let data = FileManager.default.contents(atPath: WitnessFiles.lastPath(dir)) {
            do { last = try TransparencyLog.Checkpoint(text: String(decoding: data, as: UTF8.self)) } catch {
                throw CarelogError.storeOrIO("the witness's last cosigned checkpoint in \(dir) is damaged: \(error)")
            }
        }
        var witness: Witness
        do { witness = try Witness(key: key, logKey: log, origin: log.name, lastCosigned: last) } catch {
            throw CarelogError.usage("\(error)")
        }
        let seconds = UInt64(max(0, environment.clock().millisecondsSinceEpoch / 1000))
        do { note.add(try witness.cosign(note, consistencyProof: consistency, timestamp: seconds)) } catch {
            throw CarelogError.verificationFailed("witness refused: \(error)")
        }
        if let output { try OutputFile.check(output, force: force) }
        if last == nil {
            try OutputFile.writePrivate(
                Array((log.vkey + "\n").utf8), to: WitnessFiles.logKeyPath(dir), displayName: "log.vkey")
        }
        if let cosigned = witness.lastCosigned {
            try OutputFile.writePrivate(
                Array(cosigned.text.utf8), to: WitnessFiles.lastPath(dir), displayName: "the last cosigned checkpoint")
        }
        guard let output else { return environment.output.write(note.serialized) }
        try OutputFile.write(Array(note.serialized.utf8), to: output, force: force)
        environment.output.line("saved the cosigned checkpoint to \(output)")
    }
}

/// The files of a witness directory.
enum WitnessFiles {
    static func keyPath(_ dir: String) -> String { (dir as NSString).appendingPathComponent("witness.key") }
    static func logKeyPath(_ dir: String) -> String { (dir as NSString).appendingPathComponent("log.vkey") }
    static func lastPath(_ dir: String) -> String {
        (dir as NSString).appendingPathComponent("last-cosigned.checkpoint")
    }
}
