import Foundation
import XMLCoder
import ZIPFoundation

/// Reads one sheet of an Excel `.xlsx` workbook (ZIPFoundation for the archive, XMLCoder for its
/// XML): shared strings, inline strings, numbers (dates stay Excel serials, which the `timestamp`
/// and `date` formats read), booleans; the first sheet unless one is named. Row numbers are the
/// sheet's own. A cell holding a formula is handed on as a formula (a problem of its row), as in
/// CSV. Rows above the header row and empty rows are skipped; the header is checked as for CSV.
///
/// The chosen sheet's XML is decoded whole, so memory grows with the sheet (not the workbook).
public struct XLSXSourceReader: SourceRowReader {
    /// The column names of the header row.
    public let header: [String]
    private let rows: [[Int: String]]
    private let rowNumbers: [Int]
    private var index = 0

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
        guard let chosen = sheet.map({ name in sheets.first { $0.name == name } }) ?? sheets.first else {
            throw RowProblem(
                row: 0,
                message: "has no sheet named so; its sheets are: \(sheets.map(\.name).joined(separator: ", "))")
        }
        guard let target = relations.relationship.first(where: { $0.id == chosen.relationshipID })?.target else {
            throw RowProblem(row: 0, message: "names a sheet the workbook does not hold")
        }
        let path = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
        var strings: [String] = []
        if archive["xl/sharedStrings.xml"] != nil {
            let table: SharedStrings = try Self.decode("xl/sharedStrings.xml", in: archive)
            strings = table.si.map(\.text)
        }
        let worksheet: Worksheet = try Self.decode(path, in: archive)
        var rows: [[Int: String]] = []
        var numbers: [Int] = []
        var previous = 0
        for row in worksheet.sheetData.row ?? [] {
            let number = row.r ?? previous + 1
            previous = number
            var cells: [Int: String] = [:]
            for (position, cell) in (row.c ?? []).enumerated() {
                let column = cell.r.flatMap(Self.columnIndex) ?? position
                cells[column] = cell.text(strings)
            }
            rows.append(cells)
            numbers.append(number)
        }
        let headerRow = mapping.headerRow ?? 1
        guard let headerIndex = numbers.firstIndex(of: headerRow) else {
            throw RowProblem(row: 0, message: "the sheet has no header row \(headerRow)")
        }
        let headerCells = rows[headerIndex]
        let width = (headerCells.keys.max() ?? -1) + 1
        header = (0..<width).map { (headerCells[$0] ?? "").trimmedCell }
        try CSVSourceReader.check(header: header, row: headerRow, mapping: mapping)
        self.rows = Array(rows[(headerIndex + 1)...])
        rowNumbers = Array(numbers[(headerIndex + 1)...])
    }

    public mutating func next() throws(RowProblem) -> SourceRow? {
        while index < rows.count {
            defer { index += 1 }
            var byName: [String: String] = [:]
            for (column, value) in rows[index] where column < header.count && !header[column].isEmpty {
                let trimmed = value.trimmedCell
                if !trimmed.isEmpty { byName[header[column]] = trimmed }
            }
            if byName.isEmpty { continue }
            return SourceRow(number: rowNumbers[index], cells: byName)
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

/// An element's text (an element that may carry attributes such as `xml:space`).
private struct Text: Decodable {
    var value: String
    enum CodingKeys: String, CodingKey { case value = "" }
    init(from decoder: any Decoder) throws {
        if let container = try? decoder.container(keyedBy: CodingKeys.self),
            let text = try? container.decode(String.self, forKey: .value)
        {
            value = text
        } else {
            value = (try? decoder.singleValueContainer().decode(String.self)) ?? ""
        }
    }
}

/// Rich or plain text: `<t>` or runs of `<r><t>`.
private struct RichText: Decodable {
    struct Run: Decodable { var t: Text? }
    var t: Text?
    var r: [Run]?
    var text: String { t?.value ?? (r ?? []).map { $0.t?.value ?? "" }.joined() }
}

private struct SharedStrings: Decodable {
    var si: [RichText]
    init(from decoder: any Decoder) throws {
        enum Keys: String, CodingKey { case si }
        let c = try decoder.container(keyedBy: Keys.self)
        si = (try? c.decode([RichText].self, forKey: .si)) ?? []
    }
}

/// Present when a cell holds a formula (its content is not used).
private struct Formula: Decodable {
    init(from decoder: any Decoder) throws {}
}

private struct Worksheet: Decodable {
    struct SheetData: Decodable { var row: [Row]? }
    struct Row: Decodable {
        var r: Int?
        var c: [Cell]?
    }
    struct Cell: Decodable {
        var r: String?
        var t: String?
        var v: Text?
        var f: Formula?
        var inline: RichText?
        enum CodingKeys: String, CodingKey {
            case r, t, v, f
            case inline = "is"
        }

        /// The cell as text: shared and inline strings resolved, numbers as written.
        func text(_ strings: [String]) -> String {
            if f != nil { return "=" }
            switch t {
            case "s": return Int(v?.value ?? "").flatMap { strings.indices.contains($0) ? strings[$0] : nil } ?? ""
            case "inlineStr": return inline?.text ?? ""
            default: return v?.value ?? ""
            }
        }
    }
    var sheetData: SheetData
}
