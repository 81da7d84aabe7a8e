import ArgumentParser
import CareCalendar
import CarelogOperations
import EventLog
import Foundation
import LMDBEventLog
import Projections
import Reports
import TransparencyLog

/// `carelog extract notifications`.
package struct NotificationsExtractCommand: EnvironmentCommand {
    package static let configuration = CommandConfiguration(
        commandName: "notifications",
        abstract: "Care Inspectorate notifications for a period, and notifiable incidents not yet notified.",
        discussion: """
            Each notification with its category, pseudonymous subject, when it happened, when \
            the service became aware, when it was submitted, the deadline and whether it was on \
            time. Pseudonyms are keyed per recipient (--recipient, default care-inspectorate): \
            the key is created owner-only in STORE/keys on first use and never leaves the store. \
            The manifest (default OUTPUT.manifest.json) records the log position, what was \
            asked and the extract's SHA-256; `carelog verify-extract` checks the file against it.

            Example:
              carelog extract notifications --from 2020-01-01 --to 2020-12-31 --format json --output notifications-2020.json
              carelog verify-extract notifications-2020.json --store ./carelog-store

            With --bundle DIR (needs --format json) it writes instead a bundle an inspector can \
            check without the store: the extract, its manifest, a signed checkpoint (signed now, \
            as `checkpoint --sign` does, or --checkpoint FILE), an inclusion proof and the \
            disclosed fields of every event each row draws on, and with --previous-checkpoint a \
            consistency proof from it (Docs/proofs.md, section 10). Check it with \
            `carelog verify-bundle DIR --key VKEY`.
              carelog extract notifications --from 2020-01-01 --to 2020-03-31 --format json --bundle ci-q1
            """)

    @OptionGroup package var options: ReportOptions
    @OptionGroup package var period: PeriodOptions

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Who the extract is for: pseudonyms are keyed per recipient (default: care-inspectorate).",
            valueName: "name"))
    package var recipient: String = PseudonymKeyFile.defaultRecipient

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Write a proof bundle into this directory (created 0700; refused if not empty without --force).",
            valueName: "dir"))
    package var bundle: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "With --bundle: use this signed (optionally cosigned) checkpoint instead of signing one.",
            valueName: "file"))
    package var checkpoint: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "With --bundle: the checkpoint the recipient holds; the bundle proves the log grew from it.",
            valueName: "file"))
    package var previousCheckpoint: String?

    package init() {}

    package func run(in environment: CommandEnvironment) throws {
        let asAt = options.asAtDate(environment)
        try PseudonymKeyFile.checkRecipient(recipient)
        if let bundle { return try writeBundle(bundle, asAt: asAt, environment) }
        guard checkpoint == nil, previousCheckpoint == nil else {
            throw CarelogError.usage("--checkpoint and --previous-checkpoint go with --bundle")
        }
        try options.checkFiles(environment, manifestByDefault: true)
        let storePath = options.storeOptions.path(in: environment)
        let store = try StoreAccess.open(storePath, environment, readOnly: true)
        let key = try PseudonymKeyFile.loadOrCreate(store: storePath, recipient: recipient)
        let request = ReportRequest(
            asAt: asAt, knownAt: options.knownAtPoint, period: period.period(asAt: asAt), naming: .pseudonymous(key),
            format: options.format)
        try options.write(
            try ReportWiring.notificationExtract(request, store: store), environment, manifestByDefault: true)
    }

    /// `--bundle DIR`: the JSON extract with its manifest, checkpoint, proofs and bundle note.
    private func writeBundle(_ directory: String, asAt: CareDate, _ environment: CommandEnvironment) throws {
        guard options.format == .json else {
            throw CarelogError.usage("--bundle needs --format json (the verifiers read each row's cells from it)")
        }
        guard options.output == nil, options.manifest == nil else {
            throw CarelogError.usage(
                "--bundle writes the extract and manifest itself; leave out --output and --manifest")
        }
        let storePath = options.storeOptions.path(in: environment)
        try ExtractBundle.checkDirectory(directory, force: options.force)
        // Never inside a store: checked on the directory's first file, or on the directory itself
        // (its parent must exist) before it is created.
        let exists = FileManager.default.fileExists(atPath: directory)
        try OutputFile.check(
            exists ? BundleLayout.path(directory, BundleLayout.extract) : directory, force: true, store: storePath,
            option: "--bundle")
        let given = try checkpoint.map { file throws(CarelogError) in try Self.readNote(file, option: "--checkpoint") }
        let previousNote = try previousCheckpoint.map { file throws(CarelogError) in
            try Self.readNote(file, option: "--previous-checkpoint")
        }
        let store = try StoreAccess.open(storePath, environment, readOnly: given != nil)
        let key = try PseudonymKeyFile.loadOrCreate(store: storePath, recipient: recipient)
        let range = self.period.period(asAt: asAt)
        let request = ReportRequest(
            asAt: asAt, knownAt: options.knownAtPoint, period: range, naming: .pseudonymous(key), format: .json)
        // One fold gives the extract's bytes and the events each row draws on, at the same cut.
        let (rendered, extract) = try ReportWiring.notificationExtractWithRows(request, store: store)
        let position = rendered.manifest.checkpoint.sequence
        let signer = try LogKeyFiles.loadOrCreateSigner(store: storePath, storeID: store.storeID)
        let note = try given ?? CheckpointSigning.sign(store, storePath: storePath, environment)
        guard let saltKey = try LogKeyFiles.loadSaltKey(store: storePath) else {
            throw CarelogError.storeOrIO("the store has no field-salt key: run `carelog checkpoint --sign` first")
        }
        let previous = try previousNote.map { note throws(CarelogError) in
            do { return try TransparencyLog.Checkpoint.open(note, logKey: signer.verifierKey).checkpoint } catch {
                throw CarelogError.usage("--previous-checkpoint is not signed by this store's log key")
            }
        }
        if let signed = try? TransparencyLog.Checkpoint(text: note.text), signed.size < position {
            throw CarelogError.usage(
                "the checkpoint (size \(signed.size)) does not cover the extract's log position \(position); "
                    + "sign a newer one with `carelog checkpoint --sign`")
        }
        let contents = try ExtractBundle.build(
            extract: Array(rendered.text.utf8), manifest: rendered.manifest.jsonBytes() + [10],
            sources: [extract.notifications.map(\.sources), extract.unnotifiedIncidents.map(\.sources)],
            checkpoint: note, previous: previous, store: store, saltKey: saltKey,
            pseudonymRoot: try CheckpointSigning.pseudonymRoot(store, storePath: storePath),
            slot: try PseudonymKeyFile.slot(store: storePath, recipient: recipient), signer: signer)
        try ExtractBundle.write(contents, to: directory, force: options.force)
        let rows = contents.proofs.rows.count
        environment.output.line(
            "wrote bundle \(directory): \(rows) rows, \(contents.proofs.inclusion.count) events proved "
                + "at tree size \(contents.proofs.treeSize)")
    }

    static func readNote(_ file: String, option: String) throws(CarelogError) -> SignedNote {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw .usage("\(option) \(file) cannot be read")
        }
        do { return try SignedNote(parsing: Array(data)) } catch {
            throw .usage("\(option) \(file) is not a signed note: \(error)")
        }
    }
}
