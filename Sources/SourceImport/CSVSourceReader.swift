import Foundation

/// Reads a CSV export row by row (streaming, through ``CSVByteRows``; a file in 64 KiB pieces): a UTF-8 byte-order mark, CRLF,
/// `,` `;` or tab delimiters, quoted fields with delimiters, quotes and newlines. Rows above the
/// header row are skipped, empty rows anywhere (trailing ones included) are skipped, and a header
/// with blank or repeated column names is refused (a merged or duplicated header row).
public struct CSVSourceReader: SourceRowReader {
    private var reader: CSVByteRows
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
        guard mapping.delimiterScalar.isASCII else { throw RowProblem(row: 0, message: "cannot be read as UTF-8 CSV") }
        do {
            reader = try CSVByteRows(stream: stream, delimiter: UInt8(mapping.delimiterScalar.value))
        } catch {
            throw RowProblem(row: 0, message: "cannot be read as UTF-8 CSV")
        }
        let headerRow = mapping.headerRow ?? 1
        var number = 0
        var header: [String]?
        do {
            while let cells = try reader.next() {
                number += 1
                if number == headerRow {
                    header = cells.map(\.trimmedCell)
                    break
                }
            }
        } catch {
            throw Self.problem(error, row: number + 1)
        }
        guard let header else {
            throw RowProblem(row: 0, message: "has no header row \(headerRow) (the file has \(number) rows)")
        }
        rowNumber = number
        try Self.check(header: header, row: number, mapping: mapping)
        self.header = header
    }

    /// The problem of a row that cannot be read (never its content).
    static func problem(_ failure: CSVByteRows.Failure, row: Int) -> RowProblem {
        switch failure {
        case .unclosedQuote:
            RowProblem(
                row: row,
                message:
                    "opens a quoted cell that is never closed (the rest of the file would be that one cell); close the quote or remove it"
            )
        case .malformed, .unreadable: RowProblem(row: row, message: "is not well-formed CSV")
        }
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
    /// - Throws: ``RowProblem`` when the CSV is malformed (text that is not UTF-8, a quote never closed).
    public mutating func next() throws(RowProblem) -> SourceRow? {
        do {
            while var cells = try reader.next() {
                rowNumber += 1
                // Trimmed in place (most cells are returned as they are: no second array).
                var empty = true
                for index in cells.indices {
                    let trimmed = cells[index].trimmedCell
                    if !trimmed.isEmpty { empty = false }
                    cells[index] = trimmed
                }
                if empty { continue }
                return SourceRow(number: rowNumber, columns: header, values: cells)
            }
        } catch {
            throw Self.problem(error, row: rowNumber + 1)
        }
        return nil
    }
}

extension RowProblem: Error {}
