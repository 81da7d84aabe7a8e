import CSV
import Foundation

/// Reads a CSV export row by row (streaming, through CSV.swift; a file in 64 KiB pieces): a UTF-8 byte-order mark, CRLF,
/// `,` `;` or tab delimiters, quoted fields with delimiters, quotes and newlines. Rows above the
/// header row are skipped, empty rows anywhere (trailing ones included) are skipped, and a header
/// with blank or repeated column names is refused (a merged or duplicated header row).
public struct CSVSourceReader: SourceRowReader {
    private let reader: CSVReader
    /// The column names of the header row.
    public let header: [String]
    private var rowNumber: Int

    /// Opens the file at `path`, read in 64 KiB pieces as the rows are read (memory holds one
    /// piece and one row, whatever the size of the file).
    ///
    /// - Throws: ``RowProblem`` when the file cannot be opened or read, or its header is unusable.
    public init(path: String, mapping: SourceMapping) throws(RowProblem) {
        guard let stream = FileChunkStream(path: path) else {
            throw RowProblem(row: 0, message: "cannot be opened for reading")
        }
        try self.init(stream: stream, mapping: mapping)
    }

    /// Opens `stream` with the mapping's delimiter and header row.
    ///
    /// - Throws: ``RowProblem`` when the file cannot be read or its header is unusable.
    public init(stream: InputStream, mapping: SourceMapping) throws(RowProblem) {
        do {
            reader = try CSVReader(stream: stream, hasHeaderRow: false, delimiter: mapping.delimiterScalar)
        } catch {
            throw RowProblem(row: 0, message: "cannot be read as UTF-8 CSV")
        }
        let headerRow = mapping.headerRow ?? 1
        var number = 0
        var header: [String]?
        while let cells = reader.next() {
            number += 1
            if number == headerRow {
                header = cells.map(\.trimmedCell)
                break
            }
        }
        if reader.error != nil { throw RowProblem(row: number + 1, message: "is not well-formed CSV") }
        guard let header else {
            throw RowProblem(row: 0, message: "has no header row \(headerRow) (the file has \(number) rows)")
        }
        rowNumber = number
        try Self.check(header: header, row: number, mapping: mapping)
        self.header = header
    }

    /// Refuses blank or repeated names among the columns the mapping uses, and missing columns.
    static func check(header: [String], row: Int, mapping: SourceMapping) throws(RowProblem) {
        var seen: [String: Int] = [:]
        for (index, name) in header.enumerated() where !name.isEmpty {
            if let first = seen[name] {
                throw RowProblem(
                    row: row, column: name,
                    message:
                        "the header repeats this name (columns \(first + 1) and \(index + 1)); a merged or duplicated header row? Give each column one name, or set headerRow in the mapping"
                )
            }
            seen[name] = index
        }
        let needed = Set(mapping.values.values.compactMap(\.column) + [mapping.recordId])
        for column in needed.sorted() where seen[column] == nil {
            let blanks = header.filter(\.isEmpty).count
            throw RowProblem(
                row: row, column: column,
                message: "no such column in the header row"
                    + (blanks > 0
                        ? " (\(blanks) column(s) have no name: a merged header row above the real one? set headerRow in the mapping)"
                        : ""))
        }
    }

    /// The next non-empty data row, `nil` at the end.
    ///
    /// - Throws: ``RowProblem`` when the CSV is malformed (e.g. an unclosed quote).
    public mutating func next() throws(RowProblem) -> SourceRow? {
        while let cells = reader.next() {
            rowNumber += 1
            let trimmed = cells.map(\.trimmedCell)
            if trimmed.allSatisfy(\.isEmpty) { continue }
            return SourceRow(number: rowNumber, columns: header, values: trimmed)
        }
        if reader.error != nil { throw RowProblem(row: rowNumber + 1, message: "is not well-formed CSV") }
        return nil
    }
}

extension RowProblem: Error {}
