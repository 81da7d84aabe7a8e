import Foundation
import XMLCoder
import ZIPFoundation

/// Reads one sheet of an Excel `.xlsx` workbook (ZIPFoundation for the archive, XMLCoder for the
/// workbook's list of sheets, ``SheetRows`` for the sheet): shared strings, inline strings,
/// numbers (dates stay Excel serials, which the `timestamp` and `date` formats read), booleans;
/// the first sheet unless one is named. Row numbers are the sheet's own. A cell holding a formula
/// is handed on as a formula (a problem of its row), as in CSV. Rows above the header row and
/// empty rows are skipped; the header is checked as for CSV.
///
/// The sheet is read as it is unpacked, so memory holds a few 64 KiB pieces of its XML and one
/// row, not the sheet; the shared strings are held whole (as a list of strings).
public struct XLSXSourceReader: SourceRowReader {
    /// The column names of the header row.
    public let header: [String]
    private var rows: SheetRows

    /// Opens `data` (the workbook's bytes) at `sheet` (its name; the first sheet when `nil`).
    ///
    /// - Throws: ``RowProblem`` (row 0) when the workbook or sheet cannot be read, or the header is unusable.
    public init(data: Data, sheet: String?, mapping: SourceMapping) throws(RowProblem) {
        let archive: Archive
        do { archive = try Archive(data: data, accessMode: .read) } catch {
            throw RowProblem(row: 0, message: "is not an .xlsx workbook (not a ZIP archive)")
        }
        let workbook: Workbook = try Self.decode("xl/workbook.xml", in: archive)
        let relations: Relationships = try Self.decode("xl/_rels/workbook.xml.rels", in: archive)
        let sheets = workbook.sheets.sheet
        guard let chosen = sheet.map({ name in sheets.first { $0.name == name } }) ?? sheets.first
        else {
            throw RowProblem(
                row: 0,
                message:
                    "has no sheet named so; its sheets are: \(sheets.map(\.name).joined(separator: ", "))")
        }
        guard
            let target = relations.relationship.first(where: { $0.id == chosen.relationshipID })?.target
        else {
            throw RowProblem(row: 0, message: "names a sheet the workbook does not hold")
        }
        let path = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
        var strings: [String] = []
        if let table = archive["xl/sharedStrings.xml"] {
            strings = try SheetRows.sharedStrings(
                archive: archive, entry: table, path: "xl/sharedStrings.xml")
        }
        guard let entry = archive[path] else {
            throw RowProblem(row: 0, message: "is not an .xlsx workbook (it lacks \(path))")
        }
        rows = SheetRows(archive: archive, entry: entry, path: path, strings: strings)
        let headerRow = mapping.headerRow ?? 1
        var headerCells: [(column: Int, text: String)]?
        while let row = try rows.next(), row.number <= headerRow {
            if row.number == headerRow {
                headerCells = row.cells
                break
            }
        }
        guard let headerCells else {
            throw RowProblem(row: 0, message: "the sheet has no header row \(headerRow)")
        }
        var names = [String](repeating: "", count: (headerCells.map(\.column).max() ?? -1) + 1)
        for (column, text) in headerCells { names[column] = text.trimmedCell }
        header = names
        try CSVSourceReader.check(header: header, row: headerRow, mapping: mapping)
    }

    public mutating func next() throws(RowProblem) -> SourceRow? {
        while let row = try rows.next() {
            var values = [String](repeating: "", count: header.count)
            var empty = true
            for (column, value) in row.cells where column < header.count && !header[column].isEmpty {
                let trimmed = value.trimmedCell
                if !trimmed.isEmpty {
                    values[column] = trimmed
                    empty = false
                }
            }
            if empty { continue }
            return SourceRow(number: row.number, columns: header, values: values)
        }
        return nil
    }

    /// `C12` → 2 (0-based column of a cell reference).
    static func columnIndex(_ reference: String) -> Int? {
        var value = 0
        var letters = 0
        for scalar in reference.unicodeScalars {
            guard (65...90).contains(scalar.value) else { break }
            value = value * 26 + Int(scalar.value - 64)
            letters += 1
        }
        return letters > 0 ? value - 1 : nil
    }

    /// Decodes one XML part of the archive.
    static func decode<T: Decodable>(_ path: String, in archive: Archive) throws(RowProblem) -> T {
        guard let entry = archive[path] else {
            throw RowProblem(row: 0, message: "is not an .xlsx workbook (it lacks \(path))")
        }
        var data = Data()
        do {
            _ = try archive.extract(entry, skipCRC32: false) { data.append($0) }
        } catch {
            throw RowProblem(row: 0, message: "cannot be unpacked (\(path) is damaged)")
        }
        let decoder = XMLDecoder()
        decoder.shouldProcessNamespaces = true
        decoder.trimValueWhitespaces = false
        do { return try decoder.decode(T.self, from: data) } catch {
            throw RowProblem(row: 0, message: "cannot be read (\(path) is not the XML Excel writes)")
        }
    }
}

// MARK: - The parts of the workbook read

private struct Workbook: Decodable {
    struct Sheets: Decodable { var sheet: [Sheet] }
    struct Sheet: Decodable {
        var name: String
        var relationshipID: String
        enum CodingKeys: String, CodingKey {
            case name
            case relationshipID = "r:id"
            case unprefixedID = "id"
        }
        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            name = try c.decode(String.self, forKey: .name)
            // The attribute keeps its namespace prefix when namespaces are processed.
            relationshipID =
                try c.decodeIfPresent(String.self, forKey: .relationshipID)
                ?? c.decode(String.self, forKey: .unprefixedID)
        }
    }
    var sheets: Sheets
}

private struct Relationships: Decodable {
    struct Relationship: Decodable {
        var id: String
        var target: String
        enum CodingKeys: String, CodingKey {
            case id = "Id"
            case target = "Target"
        }
    }
    var relationship: [Relationship]
    enum CodingKeys: String, CodingKey { case relationship = "Relationship" }
}
