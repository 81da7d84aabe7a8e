import AllocatorSettings
import ArgumentParser
import CareRecord
import CarelogOperations
import EventLog
import Foundation
import LMDBEventLog

/// `carelog import FILE|-`: imports NDJSON events, atomically or in atomic chunks, resumably.
package struct ImportCommand: EnvironmentCommand {
    package static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import newline-delimited JSON events from a file or standard input.",
        discussion: """
            Every line is validated before its batch is appended. Without --chunk the whole \
            file is one atomic batch: an invalid line appends nothing. With --chunk N each N \
            lines are one atomic batch: an invalid line stops the import and nothing from its \
            chunk is appended. A file is read in blocks, never whole (standard input and a \
            migration are); with --chunk the lines held are at most four chunks and 8,192 \
            parsed ahead, and each chunk is appended while the next is validated and \
            the lines after it parsed.

            Fact identity (Docs/events.md): a line that restates a fact already recorded (in \
            the store or earlier in the file) is skipped and counted as "already recorded"; a \
            line that contradicts a once-per-stream fact is refused. Re-running a file after an \
            interruption (even a kill), an overlapping or edited file, or any --chunk size \
            therefore appends only the facts that are missing.

            Migration: --recorded-at-from-input keeps each line's own recordedAt (required on \
            every line, never decreasing, never in the future). It needs --migrated-by, runs \
            only into an empty store unless --into-existing-store is given, and ends with a \
            RecordsMigrated event (source SHA-256, count, first and last recordedAt, who).

            Example migration:
              carelog log --store old --format ndjson --with-recorded-at \\
                | carelog import --store new --recorded-at-from-input --migrated-by staff/S0042 -

            Exit codes: 0 imported; 64 usage (or a migration into a non-empty store); 65 an \
            invalid line (named with its number and field); 74 store or file error; 75 an \
            expectedVersion in the input did not hold, or another writer appended meanwhile.

            Mapped exports: --mapping FILE reads the input as a CSV or .xlsx export (--sheet NAME) (ECM, case system, \
            spreadsheets) through a YAML mapping (Docs/import.md, Docs/examples/*.mapping.yaml); \
            --dry-run prints counts per event type and every problem as row, column and message \
            (never a cell's content); --errors-csv FILE writes those problems as CSV (0600). \
            With - the export is read from standard input (read whole; --source-format csv|xlsx, \
            default: told by its bytes).

            Example:
              carelog import --mapping Docs/examples/ecm-visits.mapping.yaml --dry-run visits.csv
              unzip -p ecm-week.zip visits.csv | carelog import --mapping ecm.mapping.yaml --source-format csv -
              carelog import --chunk 5000 cm2000-2020-01.ndjson
              carelog log --format ndjson --store old | carelog import --store new -
            """)

    @OptionGroup package var storeOptions: StoreOptions

    /// The input file, or `-` for standard input.
    @Argument(help: ArgumentHelp("The NDJSON file, or - for standard input.", valueName: "file"))
    package var file: String

    /// Lines per atomic chunk.
    @Option(name: .long, help: ArgumentHelp("Append in atomic chunks of this many lines.", valueName: "lines"))
    package var chunk: Int?

    /// Use the input's `recordedAt`.
    @Flag(
        name: .long,
        help:
            "Migration: store each event with its line's recordedAt (required, never decreasing, never in the future); only into an empty store unless --into-existing-store."
    )
    package var recordedAtFromInput = false

    /// Who runs a migration.
    @Option(
        name: .long,
        help: ArgumentHelp(
            "With --recorded-at-from-input (required there): who runs the migration, as an identifier such as staff/S0042; recorded in the log's RecordsMigrated event.",
            valueName: "actor"))
    package var migratedBy: String?

    /// Allows a migration into a store that already holds events.
    @Flag(
        name: .long,
        help:
            "With --recorded-at-from-input: allow a store that already holds events (the migrated times must follow its last)."
    )
    package var intoExistingStore = false

    /// A mapping file: the input is a CSV or .xlsx export read through it (Docs/import.md).
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Read the file (or - for standard input) as a CSV or .xlsx export through this YAML mapping (Docs/import.md).",
            valueName: "mapping"))
    package var mapping: String?

    /// With --mapping: count and check only.
    @Flag(
        name: .long,
        help: "With --mapping: append nothing; print counts per event type and every problem (row, column, message).")
    package var dryRun = false

    /// With --mapping: where to write the problems as CSV.
    @Option(
        name: .long,
        help: ArgumentHelp(
            "With --mapping: write the problems as CSV (row, column, field, message; 0600).", valueName: "file"))
    package var errorsCsv: String?

    /// With --mapping: the sheet of an .xlsx workbook.
    @Option(
        name: .long,
        help: ArgumentHelp(
            "With --mapping and an .xlsx workbook: the sheet to read (default: the first).", valueName: "name"))
    package var sheet: String?

    /// With --mapping: the source's format (standard input, or to refuse a mismatch).
    @Option(
        name: .long,
        help: ArgumentHelp(
            "With --mapping: csv or xlsx (default: an .xlsx workbook is told by its bytes); for - (standard input) too.",
            valueName: "format"))
    package var sourceFormat: MappedSourceFormat?

    /// Simulates an interruption (tests and drills).
    @Option(name: .long, help: .hidden)
    package var stopAfterChunks: Int?

    package init() {}

    package func validate() throws {
        if let chunk, chunk < 1 { throw ValidationError("--chunk must be 1 or more") }
        if mapping == nil, dryRun || errorsCsv != nil || sheet != nil || sourceFormat != nil {
            throw ValidationError("--dry-run, --errors-csv, --sheet and --source-format need --mapping")
        }
        if mapping != nil, recordedAtFromInput { throw ValidationError("--mapping cannot be a migration") }
        if intoExistingStore, !recordedAtFromInput {
            throw ValidationError("--into-existing-store is only for a migration with --recorded-at-from-input")
        }
        if recordedAtFromInput {
            guard let migratedBy else {
                throw ValidationError(
                    "--recorded-at-from-input needs --migrated-by (who runs the migration, e.g. staff/S0042)")
            }
            guard StreamName(migratedBy) != nil else {
                throw ValidationError(
                    "--migrated-by must be an identifier <kind>/<id> such as staff/S0042 (never a name)")
            }
        } else if migratedBy != nil {
            throw ValidationError("--migrated-by is only for a migration with --recorded-at-from-input")
        }
    }

    package func run(in environment: CommandEnvironment) throws {
        // Both imports free and allocate each chunk's arrays over and over (``FreedMemoryDelay``).
        FreedMemoryDelay.keepFreedMemoryForImport()
        // In chunks, the stream and type indexes catch up once a large batch of events waits,
        // not at every chunk, and once more when the import ends (``Self/indexBatch``). A mapped
        // import keeps the store's batch: its visits are new streams, and the large batch made it
        // slower (`Docs/performance-log.md`, "The import's index batch").
        let indexBatch = chunk == nil ? nil : Self.indexBatch
        if let mapping {
            let store = try StoreAccess.open(storeOptions.path(in: environment), environment)
            let run = MappedImportRun(
                mappingPath: mapping, sourcePath: file, chunk: chunk, dryRun: dryRun, errorsCSV: errorsCsv,
                sheet: sheet, force: true, sourceFormat: sourceFormat)
            return try Self.catchingUpIndexes(of: store) { () throws(CarelogError) in
                try run.run(store: store, in: environment)
            }
        }
        // A file is read a block at a time (memory bounded by the batch, not the file); standard
        // input and a migration (whose SHA-256 is recorded) are read whole first.
        let streamed = file != "-" && !recordedAtFromInput
        if file != "-", !FileManager.default.fileExists(atPath: file) {
            throw CarelogError.storeOrIO("no file at \(file); give an NDJSON file or - for standard input")
        }
        var input: [UInt8] = []
        var blocks: InputBlocks?
        do {
            if file == "-" {
                input = try environment.readStandardInput()
            } else if streamed {
                blocks = try InputBlocks(path: file)
            } else {
                input = Array(try Data(contentsOf: URL(fileURLWithPath: file)))
            }
        } catch let error as CarelogError {
            throw error
        } catch {
            throw CarelogError.storeOrIO("cannot read \(file): \(error.localizedDescription)")
        }
        let store = try StoreAccess.open(storeOptions.path(in: environment), environment, indexBatch: indexBatch)
        if recordedAtFromInput, !intoExistingStore {
            let head: UInt64
            do { head = try store.checkpoint().sequence } catch { throw CarelogError.from(error) }
            guard head == 0 else {
                throw CarelogError.usage(
                    "a migration (--recorded-at-from-input) runs only into an empty store; this one holds \(head) events (add --into-existing-store to migrate into it anyway)"
                )
            }
        }
        let lineCount = blocks == nil ? UInt64(input.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }) : nil
        let progress = ProgressReporter(environment, label: "importing", total: lineCount, unit: "lines")
        defer { progress.finish() }
        var importer = EventImporter(
            chunkSize: chunk, recordedAtFromInput: recordedAtFromInput, stopAfterChunks: stopAfterChunks,
            migratedBy: migratedBy)
        // In chunks, long streams that leave memory are kept in the fact index in the store's
        // projection cache (one batch holds every fact anyway). A cache that cannot be opened
        // (a read-only copy) only means reading such streams back from the log.
        if chunk != nil, !recordedAtFromInput {
            importer.factIndex = ReportCache.open(storePath: storeOptions.path(in: environment), disabled: false)?
                .factIndex(for: store)
        }
        let summary = try Self.catchingUpIndexes(of: store) { () throws(CarelogError) -> EventImporter.Summary in
            if let blocks {
                let reader = NDJSONReader(blocks: { try blocks.next() })
                return try importer.run(reader, sourceDigest: nil, into: store, now: environment.clock()) {
                    progress.update(UInt64($0))
                }
            }
            return try importer.run(input, into: store, now: environment.clock()) { progress.update(UInt64($0)) }
        }
        progress.finish()
        environment.output.line(summary.description)
    }

    /// How many appended events a chunked import lets wait before the stream and type indexes
    /// catch up (``LMDBEventLog/LMDBEventStore/Options/indexBatch``; 1,024 otherwise). Each
    /// catch-up rewrites a page of the stream index for every long stream with new events, so
    /// catching up after every chunk of a partnership's year rewrote most of the index again and
    /// again: at 10.7M events, 11 GB written for a 3.4 GB store (`Docs/performance-log.md`, "The
    /// import's index batch"). The writer keeps the waiting events' streams in memory, so the
    /// import's own lookups do not scan them; another process reading meanwhile reads up to this
    /// many events of the log's tail once each time the log moves under it, and a type read
    /// scans them.
    static let indexBatch = 1 << 16

    /// Runs an import, then brings the indexes up to the head of the log (whether it succeeded,
    /// stopped at a bad line or failed), so no other reader is left with a long tail to read.
    static func catchingUpIndexes<Result>(
        of store: LMDBEventStore, _ body: () throws(CarelogError) -> Result
    ) throws(CarelogError) -> Result {
        let result: Result
        do {
            result = try body()
        } catch {
            try? store.catchUpIndexes()
            throw error
        }
        do { try store.catchUpIndexes() } catch { throw CarelogError.from(error) }
        return result
    }
}
