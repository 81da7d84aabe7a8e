import CarelogOperations
import EventLog
import Foundation
import LMDBEventLog
import SourceImport

/// `carelog import --mapping FILE SOURCE`: a CSV or .xlsx export read through a mapping (Docs/import.md).
struct MappedImportRun {
    /// The mapping file (YAML).
    var mappingPath: String
    /// The CSV export.
    var sourcePath: String
    /// Events per atomic chunk; `nil` makes the file one batch.
    var chunk: Int?
    /// Append nothing; print the counts and every problem.
    var dryRun: Bool
    /// Where to write the problems as CSV (0600), if asked.
    var errorsCSV: String?
    /// The sheet of an .xlsx workbook (the first when `nil`).
    var sheet: String?
    /// Whether `errorsCSV` may replace an existing file.
    var force: Bool
    /// The source's format as given (`--source-format`); `nil` tells it from the bytes (an .xlsx
    /// workbook is a ZIP archive).
    var sourceFormat: MappedSourceFormat? = nil

    /// How the source is named in messages: its path, or `standard input` for `-`.
    var sourceName: String { sourcePath == "-" ? "standard input" : sourcePath }

    /// Reads the mapping and the source, imports (or counts) and prints the summary.
    ///
    /// - Throws: ``CarelogError/invalidInput(_:)`` when any row has a problem (every problem is
    ///   printed first, as row, column and message, never a cell's content).
    func run(store: any EventStore, in environment: CommandEnvironment) throws(CarelogError) {
        if let errorsCSV { try OutputFile.check(errorsCSV, force: force, option: "--errors-csv") }
        let mappingText: String
        do {
            mappingText = try String(contentsOfFile: mappingPath, encoding: .utf8)
        } catch {
            throw .storeOrIO("cannot read the mapping \(mappingPath): \(error.localizedDescription)")
        }
        let mapping: SourceMapping
        do { mapping = try SourceMapping.parse(yaml: mappingText) } catch {
            throw .usage("\(mappingPath): \(error.description)")
        }
        let data = try sourceData(environment)
        // An .xlsx workbook is a ZIP archive: it starts with "PK".
        let isWorkbook = data.prefix.starts(with: [0x50, 0x4B])
        if sourceFormat == .xlsx, !isWorkbook {
            throw .invalidInput(
                "\(sourceName) is not an .xlsx workbook (--source-format xlsx): it is not a ZIP archive")
        }
        if sourceFormat == .csv, isWorkbook {
            throw .invalidInput(
                "\(sourceName) is a ZIP archive (an .xlsx workbook?), not CSV; give --source-format xlsx")
        }
        var importer = SourceImport.MappedImport(mapping: mapping, chunkSize: chunk, dryRun: dryRun)
        // The pages of the log the import writes and reads back are unmapped as it goes, so its
        // resident memory does not grow with the log (as `carelog import` of NDJSON does).
        if let lmdb = store as? LMDBEventStore { importer.releaseStorePages = { lmdb.releaseMappedPages() } }
        // A chunked dry run appends its chunks to a scratch store in a temporary folder, removed
        // afterwards, so it holds no more of the file than the real import does.
        let scratchPath = dryRun && chunk != nil ? try Self.makeScratchFolder() : nil
        defer { if let scratchPath { try? FileManager.default.removeItem(atPath: scratchPath) } }
        if let scratchPath {
            do {
                let scratch = try LMDBEventStore.create(at: scratchPath, clock: environment.clock)
                importer.dryRunScratch = scratch
                importer.releaseScratchPages = { scratch.releaseMappedPages() }
            } catch {
                throw CarelogError.from(error)
            }
        }
        let summary: SourceImport.MappedImport.Summary
        do {
            if isWorkbook {
                var reader = try XLSXSourceReader(data: try data.whole(), sheet: sheet, mapping: mapping)
                summary = try importer.run(&reader, into: store, now: environment.clock())
            } else {
                if sheet != nil { throw CarelogError.usage("--sheet is only for an .xlsx workbook") }
                // A file is read in pieces as the rows are read; standard input was read whole.
                var reader: CSVSourceReader
                if let bytes = data.bytes {
                    reader = try CSVSourceReader(stream: InputStream(data: bytes), mapping: mapping)
                } else {
                    reader = try CSVSourceReader(path: sourcePath, mapping: mapping)
                }
                summary = try importer.run(&reader, into: store, now: environment.clock())
            }
        } catch let error as RowProblem {
            try report([error])
            throw .invalidInput("\(sourceName): \(error.description)")
        } catch let error as CarelogError {
            throw error
        } catch {
            throw CarelogError.from(error)
        }
        environment.output.line(
            "\(dryRun ? "dry run: " : "")\(summary.rows) row\(summary.rows == 1 ? "" : "s") read from \(sourceName)")
        for line in summary.countLines { environment.output.line("  " + line) }
        for correction in summary.corrections { environment.output.line("correction: " + correction.description) }
        for record in summary.vanished { environment.output.line("not in this export: " + record.description) }
        for problem in summary.problems { environment.output.line("problem: " + problem.description) }
        try report(summary.problems)
        if !summary.problems.isEmpty {
            let appended =
                summary.appended > 0
                ? "\(summary.appended) events of the chunks before the first problem were appended; re-running the fixed file appends only what is missing"
                : "nothing was appended"
            throw .invalidInput(
                "\(summary.problems.count) problem(s) in \(sourceName); \(dryRun ? "dry run" : appended)")
        }
        if !dryRun {
            var text = "imported \(summary.appended) event\(summary.appended == 1 ? "" : "s")"
            if let s = summary.sequences { text += " (sequences \(s.lowerBound)–\(s.upperBound))" }
            let skipped = summary.counts.values.reduce(0) { $0 + $1.alreadyRecorded }
            environment.output.line(text + ", \(skipped) already recorded")
        }
    }

    /// The source: standard input read whole for `-`; for a file, its first bytes (to tell a
    /// workbook) — a CSV file is then read in pieces as the rows are read, and a workbook mapped,
    /// not read into memory.
    private func sourceData(_ environment: CommandEnvironment) throws(CarelogError) -> SourceBytes {
        if sourcePath == "-" {
            do {
                let bytes = Data(try environment.readStandardInput())
                return SourceBytes(prefix: bytes.prefix(4), bytes: bytes, path: nil)
            } catch {
                throw .storeOrIO("cannot read standard input: \(error.localizedDescription)")
            }
        }
        guard FileManager.default.fileExists(atPath: sourcePath), let handle = FileHandle(forReadingAtPath: sourcePath)
        else {
            throw .storeOrIO(
                "no file at \(sourcePath); give the CSV or .xlsx export to import, or - for standard input")
        }
        defer { try? handle.close() }
        do {
            return SourceBytes(prefix: try handle.read(upToCount: 4) ?? Data(), bytes: nil, path: sourcePath)
        } catch {
            throw .storeOrIO("cannot read \(sourcePath): \(error.localizedDescription)")
        }
    }

    /// A new, empty folder under the temporary directory for a dry run's scratch store.
    private static func makeScratchFolder() throws(CarelogError) -> String {
        let path = (NSTemporaryDirectory() as NSString).appendingPathComponent("carelog-dry-run-\(UUID().uuidString)")
        do {
            try FileManager.default.createDirectory(
                atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw .storeOrIO("cannot make a scratch folder for the dry run at \(path): \(error.localizedDescription)")
        }
        return path
    }

    /// Writes the problems as CSV (`row,column,field,message`, 0600) when `--errors-csv` was given.
    private func report(_ problems: [RowProblem]) throws(CarelogError) {
        guard let errorsCSV else { return }
        var text = "row,column,field,message\r\n"
        for p in problems {
            text +=
                [p.row > 0 ? String(p.row) : "", p.column ?? "", p.field ?? "", p.message]
                .map(Self.csvField).joined(separator: ",") + "\r\n"
        }
        try OutputFile.write(Array(text.utf8), to: errorsCSV, force: true, option: "--errors-csv")
    }

    /// A CSV field, quoted when needed; a leading `=`, `+`, `-` or `@` is prefixed with `'` so a
    /// spreadsheet never runs it as a formula.
    static func csvField(_ text: String) -> String {
        var value = text
        if let first = value.first, "=+-@".contains(first) { value = "'" + value }
        guard value.contains(where: { ",\"\r\n".contains($0) }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// The source of a mapped import: its first bytes, and all of them when read from standard input.
private struct SourceBytes {
    /// The first (up to 4) bytes.
    var prefix: Data
    /// Every byte (standard input), or `nil` for a file read as it is imported.
    var bytes: Data?
    /// The file, when it is one.
    var path: String?

    /// Every byte: standard input's, or the file mapped into memory (an .xlsx workbook).
    func whole() throws(CarelogError) -> Data {
        if let bytes { return bytes }
        guard let path else { return Data() }
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
        } catch {
            throw .storeOrIO("cannot read \(path): \(error.localizedDescription)")
        }
    }
}

/// `--source-format csv|xlsx` for `carelog import --mapping`.
package enum MappedSourceFormat: String, Hashable, Sendable, CaseIterable {
    /// Comma- (or mapping-delimiter-) separated text.
    case csv
    /// An Excel workbook.
    case xlsx
}
