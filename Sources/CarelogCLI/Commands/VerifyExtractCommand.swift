import ArgumentParser
import CareCalendar
import CareRecord
import CarelogOperations
import EventLog
import Foundation
import LMDBEventLog
import Projections
import Reports

/// `carelog verify-extract FILE`: checks a report or extract against its manifest and,
/// with a store, re-runs it at the manifest's log position and compares the bytes.
package struct VerifyExtractCommand: EnvironmentCommand {
    package static let configuration = CommandConfiguration(
        commandName: "verify-extract",
        abstract: "Check an extract or report against its manifest, and optionally replay it from the store.",
        discussion: """
            Checks the file's SHA-256 and length against the manifest (default FILE.manifest.json). \
            With --store, also checks that the store holds the manifest's log position (the same \
            head hash at its sequence) and re-runs the extract there with the manifest's \
            parameters: the bytes must be identical. Pseudonymous extracts need the recipient's \
            key in STORE/keys (it is never created here).

            Exit codes: 0 everything matches; 1 a check failed (the message says which); 65 the \
            manifest is not a manifest; 74 a file or the store cannot be read.

            Example:
              carelog verify-extract ci-q1.csv
              carelog verify-extract ci-q1.csv --manifest ci-q1.csv.manifest.json --store ./carelog-store
            """)

    @Argument(help: ArgumentHelp("The extract or report file.", valueName: "file"))
    package var file: String

    @Option(name: .long, help: ArgumentHelp("The manifest (default: FILE.manifest.json).", valueName: "file"))
    package var manifest: String?

    @Option(name: .long, help: ArgumentHelp("Also replay the extract from this store and compare.", valueName: "path"))
    package var store: String?

    package init() {}

    package func run(in environment: CommandEnvironment) throws {
        let manifestPath = manifest ?? file + ".manifest.json"
        let expected = try Self.readManifest(manifestPath)
        let bytes = try Self.read(file, what: "file")
        let out = environment.output
        switch expected.check(extract: bytes) {
        case .matches:
            out.line("\(file) matches its manifest: sha256 \(expected.sha256), \(expected.byteCount) bytes")
        case .mismatch(_, _, let expectedBytes, let actualBytes):
            let why =
                expectedBytes == actualBytes
                ? "its SHA-256 differs from the manifest's (same length, \(actualBytes) bytes): its content was changed"
                : "it is \(actualBytes) bytes where the manifest says \(expectedBytes): rows were added, removed or edited"
            throw CarelogError.verificationFailed("\(file) does not match its manifest: \(why)")
        }
        guard let store else { return }
        try Self.replay(expected, bytes: bytes, file: file, storePath: store, environment)
    }

    /// Checks the store holds the manifest's position and that re-running gives `bytes`.
    static func replay(
        _ manifest: ExtractManifest, bytes: [UInt8], file: String, storePath: String, _ environment: CommandEnvironment
    ) throws {
        let eventStore = try StoreAccess.open(storePath, environment, readOnly: true)
        let position = manifest.checkpoint
        let held: Checkpoint
        do {
            let head = try eventStore.checkpoint(knownAt: .head)
            guard head.storeID == position.storeID else {
                throw CarelogError.verificationFailed(
                    "the store at \(storePath) is not the store the extract was built from (store ID differs)")
            }
            guard position.sequence <= head.sequence else {
                throw CarelogError.verificationFailed(
                    "the store ends at sequence \(head.sequence), before the manifest's sequence \(position.sequence)")
            }
            held = try eventStore.checkpoint(knownAt: .sequence(position.sequence))
        } catch let error as CarelogError {
            throw error
        } catch {
            throw CarelogError.from(error)
        }
        guard held.headHash == position.headHash else {
            throw CarelogError.verificationFailed(
                "the log differs at sequence \(position.sequence): head hash \(held.headHash.hex), the manifest says \(position.headHash.hex); run `carelog verify`"
            )
        }
        environment.output.line(
            "the store holds the manifest's log position: sequence \(position.sequence), head hash \(position.headHash.hex)"
        )
        let request = try request(from: manifest, storePath: storePath)
        guard let kind = ReportKind(rawValue: manifest.extractKind) else {
            throw CarelogError.invalidInput("the manifest's extractKind is not one Carelog can re-run")
        }
        let again = try ReportWiring.run(kind, request, store: eventStore)
        guard again.bytes == bytes else {
            throw CarelogError.verificationFailed(
                "re-running \(manifest.extractKind) at sequence \(position.sequence) gives different bytes from \(file)"
            )
        }
        environment.output.line(
            "re-running \(manifest.extractKind) at sequence \(position.sequence) reproduces \(file) byte for byte")
    }

    /// The request a manifest records, pinned at its sequence.
    static func request(from manifest: ExtractManifest, storePath: String) throws(CarelogError) -> ReportRequest {
        guard let format = ReportFormat(parsing: manifest.format) else {
            throw .invalidInput("the manifest's format is not one of markdown, csv, json, html, docx")
        }
        var period: ClosedRange<CareDate>?
        if let start = manifest.periodStart, let end = manifest.periodEnd, start <= end { period = start...end }
        var quarter: Quarter?
        if let text = manifest.option("quarter") {
            guard let parsed = Quarter(text) else {
                throw .invalidInput("the manifest's quarter option is not YYYY-Qn")
            }
            quarter = parsed
        }
        var naming: SubjectNaming?
        switch manifest.option("identifiers") {
        case SubjectIdentifiers.internal.rawValue?: naming = .internal
        case SubjectIdentifiers.pseudonymous.rawValue?:
            let recipient = manifest.option("recipient") ?? PseudonymKeyFile.defaultRecipient
            guard let key = try PseudonymKeyFile.load(store: storePath, recipient: recipient) else {
                throw .storeOrIO(
                    "the store at \(storePath) holds no pseudonym key for \(recipient); restore its keys directory")
            }
            naming = .pseudonymous(key)
        default: naming = nil
        }
        var visitGrouping: VisitDeliveryGrouping?
        if let text = manifest.option("by") {
            guard let parsed = VisitDeliveryGrouping(rawValue: text) else {
                throw .invalidInput("the manifest's by option is not team, carer or person")
            }
            visitGrouping = parsed
        }
        var request = ReportRequest(
            asAt: manifest.asAt, knownAt: .sequence(manifest.checkpoint.sequence), period: period,
            programme: manifest.option("programme"), quarter: quarter, naming: naming, format: format,
            visitGrouping: visitGrouping)
        request.personId = manifest.option("person")
        request.subject = manifest.option("subject")
        request.scope =
            manifest.option("team").map(AccessScope.team) ?? manifest.option("service").map(AccessScope.service)
        return request
    }

    /// Reads a manifest file.
    static func readManifest(_ path: String) throws(CarelogError) -> ExtractManifest {
        let bytes = try read(path, what: "manifest")
        do {
            return try ExtractManifest(json: bytes)
        } catch {
            throw .invalidInput("\(path) is not a manifest (expected the JSON written beside an extract)")
        }
    }

    static func read(_ path: String, what: String) throws(CarelogError) -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .storeOrIO("cannot read the \(what) \(path)")
        }
        return Array(data)
    }
}
