import ArgumentParser
import CarelogOperations
import Foundation
import TransparencyLog

/// `carelog verify-bundle DIR --key VKEY`: checks an extract bundle with the published keys
/// alone (no store), naming the first thing that fails.
package struct VerifyBundleCommand: EnvironmentCommand {
    package static let configuration = CommandConfiguration(
        commandName: "verify-bundle",
        abstract: "Check an extract bundle with the log's public key alone (no store needed).",
        discussion: """
            Checks the checkpoint's signature (and a cosignature by every --witness), the bundle \
            note's signature, every inclusion proof against the signed root, that each disclosed \
            field recomputes a digest of its event's leaf and equals the row's cell, that every \
            row is proved and nothing else is, the manifest against the extract's SHA-256, the \
            files against the hashes the log signed and, with --previous-checkpoint, the \
            consistency proof from it. The first failure is named (file, row, column or event; \
            never a value). Keys are vkey lines, or files holding one (Docs/proofs.md, section 10).

            Exit codes: 0 the bundle verifies; 1 a check failed; 64 usage (a bad key or file).

            Example:
              carelog verify-bundle ci-q1 --key "$(cat carelog.vkey)" --witness "$(cat ijb-audit.vkey)"
            """)

    @Argument(help: ArgumentHelp("The bundle directory.", valueName: "dir")) package var directory: String
    @Option(name: .long, help: "The log's public key (a vkey line, or a file holding it).") package var key: String
    @Option(name: .long, help: "A witness key (vkey line or file) whose cosignature is required; repeatable.")
    package var witness: [String] = []
    @Option(
        name: .long,
        help: ArgumentHelp("The signed checkpoint you held before; the bundle must extend it.", valueName: "file"))
    package var previousCheckpoint: String?

    package init() {}

    package func run(in environment: CommandEnvironment) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue
        else { throw CarelogError.usage("\(directory) is not a bundle directory") }
        let logKey = try Self.verifierKey(key, option: "--key")
        guard logKey.type == .ed25519 else { throw CarelogError.usage("--key must be the log's Ed25519 (type 1) key") }
        let witnesses = try witness.map { text throws(CarelogError) in try Self.verifierKey(text, option: "--witness") }
        let previous = try previousCheckpoint.map { file throws(CarelogError) in
            try NotificationsExtractCommand.readNote(file, option: "--previous-checkpoint")
        }
        let summary = try BundleVerifier.verify(
            directory: directory, logKey: logKey, witnesses: witnesses, previous: previous)
        let cosigned = summary.witnesses > 0 ? ", cosigned by \(summary.witnesses) witness(es)" : ""
        let consistency = summary.consistencyFrom.map { "; the log grew consistently from size \($0)" } ?? ""
        let slot = summary.pseudonymSlot.map { " (pseudonyms of slot \($0))" } ?? ""
        environment.output.line(
            "bundle verified: \(summary.origin) at size \(summary.treeSize)\(cosigned); \(summary.rows) rows, "
                + "\(summary.events) events proved, \(summary.provedCells) cells proved by disclosed fields\(slot), "
                + "\(summary.unprovedCells) cells not proved by the log (computed, or pseudonyms no leaf commits to)"
                + consistency)
    }

    /// A vkey given as the line itself or as a file holding it.
    static func verifierKey(_ text: String, option: String) throws(CarelogError) -> NoteVerifierKey {
        var line = text
        if !text.contains("+"), let data = FileManager.default.contents(atPath: text) {
            line = String(decoding: data, as: UTF8.self)
        }
        do { return try NoteVerifierKey(vkey: line.trimmingCharacters(in: .whitespacesAndNewlines)) } catch {
            throw .usage("\(option) is not a vkey line (name+keyid+base64) or a file holding one")
        }
    }
}
