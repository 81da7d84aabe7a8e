import ArgumentParser
import CarelogOperations
import EventLog
import Foundation
import LMDBEventLog
import Reports

/// `carelog verify`: recomputes the hash chain and every index, optionally against a checkpoint.
package struct VerifyCommand: EnvironmentCommand {
    package static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check the hash chain and indexes, optionally against a saved checkpoint.",
        discussion: """
            Prints `verified N events; head sequence S hash H`, or each problem found (exit 1). \
            With --checkpoint, also proves that nothing at or before the checkpoint has changed; \
            the file may be a checkpoint or an extract's (or report's) manifest, whose log \
            position is then checked. When the store has a Merkle tree, every leaf is recomputed \
            from its event and compared; --rebuild-tree builds the tree again from the events.

            Exit codes: 0 sound; 1 a problem was found; 65 the file is neither a checkpoint nor \
            a manifest; 74 the store cannot be opened.

            Example:
              carelog checkpoint --output 2020-03-31.checkpoint.json
              carelog verify --checkpoint 2020-03-31.checkpoint.json
            """)

    @OptionGroup package var storeOptions: StoreOptions

    @Option(
        name: .long,
        help: ArgumentHelp(
            "A checkpoint file from `carelog checkpoint --output`, or an extract's manifest.", valueName: "file"))
    package var checkpoint: String?

    @Flag(name: .long, help: "Rebuild the Merkle tree from the events (and create the salt key if missing).")
    package var rebuildTree = false

    package init() {}

    package func run(in environment: CommandEnvironment) throws {
        let expected = try checkpoint.map { path throws(CarelogError) in try CheckpointFile.read(path) }
        let storePath = storeOptions.path(in: environment)
        let store = try StoreAccess.open(storePath, environment, readOnly: !rebuildTree)
        let report = try Self.verify(store, against: expected, environment)
        Self.remember(report, storePath: storePath, at: environment.clock())
        try Self.print(report, checkpoint: expected, environment)
        if let line = try CheckpointSigning.checkTree(store, storePath: storePath, rebuild: rebuildTree) {
            environment.output.line(line)
        }
    }

    /// Saves a sound full check's head as the latest position found sound in the store's cache
    /// (`VerifiedPosition`: the verification page and `POST /v1/verify` of a service started
    /// afterwards re-hash only the events after it), or forgets the saved one when the check found
    /// a problem. Only a cache: skipped when it cannot be opened (a read-only copy of a store).
    static func remember(_ report: VerificationReport, storePath: String, at now: Timestamp) {
        guard let cache = ReportCache.open(storePath: storePath, disabled: false) else { return }
        cache.save(verifiedPosition: report.isValid ? VerifiedPosition(fullCheck: report, at: now) : nil)
    }

    /// Verifies with a progress bar on an interactive terminal.
    static func verify(_ store: LMDBEventStore, against checkpoint: Checkpoint?, _ environment: CommandEnvironment)
        throws(CarelogError) -> VerificationReport
    {
        let total: UInt64
        do { total = try store.checkpoint().sequence } catch { throw CarelogError.from(error) }
        let progress = ProgressReporter(environment, label: "verifying", total: total)
        defer { progress.finish() }
        do {
            return try store.verify(against: checkpoint, progress: progress.isEnabled ? { progress.update($0) } : nil)
        } catch {
            throw CarelogError.from(error)
        }
    }

    /// Prints the result; throws ``CarelogError/verificationFailed(_:)`` when there are problems.
    static func print(_ report: VerificationReport, checkpoint: Checkpoint?, _ environment: CommandEnvironment)
        throws(CarelogError)
    {
        let out = environment.output
        if report.isValid {
            out.line(
                "verified \(report.eventsChecked) events; head sequence \(report.head.sequence) hash \(report.head.headHash.hex)"
            )
            if let checkpoint {
                out.line("matches checkpoint at sequence \(checkpoint.sequence) hash \(checkpoint.headHash.hex)")
            }
            return
        }
        for problem in report.problems { out.line("problem: \(problem.description)") }
        var message = "verification found \(report.problems.count) problem\(report.problems.count == 1 ? "" : "s")"
        if let first = report.firstBadSequence { message += ", the first at sequence \(first)" }
        throw .verificationFailed(message + "; restore from a backup that verifies, or investigate from that sequence")
    }
}

/// Reads and writes checkpoint files (the JSON of ``EventLog/Checkpoint``); reads the
/// checkpoint of a manifest too.
enum CheckpointFile {
    /// The JSON form: keys sorted, indented, with a trailing newline.
    static func json(_ checkpoint: Checkpoint) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        let data = (try? encoder.encode(checkpoint)) ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// Reads a checkpoint file, or the checkpoint of a manifest file.
    static func read(_ path: String) throws(CarelogError) -> Checkpoint {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw .storeOrIO("cannot read checkpoint file \(path): \(error.localizedDescription)")
        }
        if let checkpoint = try? JSONDecoder().decode(Checkpoint.self, from: data) { return checkpoint }
        if let manifest = try? ExtractManifest(json: Array(data)) { return manifest.checkpoint }
        throw .invalidInput(
            "\(path) is neither a checkpoint nor a manifest (expected the JSON written by `carelog checkpoint` or beside an extract)"
        )
    }
}
