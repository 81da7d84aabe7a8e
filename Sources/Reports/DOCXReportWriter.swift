import CareCalendar
import EventLog
import Foundation
import Projections
import ZIPFoundation

/// Writes a document as a Word (`.docx`, Office Open XML WordprocessingML) file that Word and
/// LibreOffice open, print and paste from with its colours kept.
///
/// - Parts, in this order: `[Content_Types].xml`, `_rels/.rels`, `word/document.xml`,
///   `word/styles.xml`, `word/_rels/document.xml.rels`; stored (not compressed), every entry
///   dated 1980-01-01 00:00 (the first ZIP date) with mode 0644, so the same document gives the
///   same bytes on every machine and run.
/// - The title is a `Heading 1`, section headings `Heading 2` (so Word's navigation pane and
///   screen readers see the structure); the provenance follows the title as `Term: value` lines.
/// - Each table spans the text width; its header row is marked to repeat on every page
///   (`<w:tblHeader/>`) and no row splits across pages (`<w:cantSplit/>`). The page is A4,
///   landscape when any table has more than five columns.
/// - RAG cells are shaded (`<w:shd w:val="clear" w:fill="E5534B"/>` red, `FFBF47` amber,
///   `4CAF50` green, `D9D9D9` no data) and keep their label in black bold text (`R`, `A`, `G`,
///   `no data`): black on each fill has a contrast of at least 4.5:1 (WCAG AA), and the status
///   still reads in black-and-white.
/// - Cells are spelled as in Markdown and HTML (codes as labels, fractions `45/50 (90.0%)`,
///   instants as UK time); bullets and record fields are one paragraph each.
enum DOCXReportWriter {
    /// Fills for RAG cells, six hex digits as WordprocessingML spells them.
    static func fill(_ status: RAGStatus) -> String {
        switch status {
        case .red: return "E5534B"
        case .amber: return "FFBF47"
        case .green: return "4CAF50"
        case .noData: return "D9D9D9"
        }
    }

    /// The date every entry carries: 1980-01-01 00:00 UTC (ZIPFoundation converts with `gmtime`).
    static let entryDate = Date(timeIntervalSince1970: 315_532_800)

    /// The media type of a `.docx` file.
    static let mediaType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

    /// A4 in twentieths of a point, and the margins (12.7 mm).
    static let shortEdge = 11_906
    static let longEdge = 16_838
    static let margin = 720

    /// The document as `.docx` bytes; empty only if the archive could not be built in memory.
    static func write(_ document: ReportDocument) -> [UInt8] {
        let parts: [(String, String)] = [
            ("[Content_Types].xml", contentTypes),
            ("_rels/.rels", packageRelationships),
            ("word/document.xml", documentXML(document)),
            ("word/styles.xml", styles),
            ("word/_rels/document.xml.rels", documentRelationships),
        ]
        do {
            let archive = try Archive(accessMode: .create)
            for (path, text) in parts {
                let data = Data(text.utf8)
                try archive.addEntry(
                    with: path, type: .file, uncompressedSize: Int64(data.count), modificationDate: entryDate,
                    permissions: 0o644, compressionMethod: .none
                ) { position, size in
                    data.subdata(in: Int(position)..<Int(position) + size)
                }
            }
            return archive.data.map { Array($0) } ?? []
        } catch {
            return []
        }
    }

    // MARK: - Package parts

    static let xmlDeclaration = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"

    static let contentTypes =
        xmlDeclaration
        + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
        + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
        + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
        + "<Override PartName=\"/word/document.xml\" ContentType=\""
        + "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
        + "<Override PartName=\"/word/styles.xml\" ContentType=\""
        + "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>"
        + "</Types>\n"

    static let packageRelationships =
        xmlDeclaration
        + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        + "<Relationship Id=\"rId1\" Type=\""
        + "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\""
        + " Target=\"word/document.xml\"/>"
        + "</Relationships>\n"

    static let documentRelationships =
        xmlDeclaration
        + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        + "<Relationship Id=\"rId1\" Type=\""
        + "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>"
        + "</Relationships>\n"

    static let wordNamespace = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

    static let styles =
        xmlDeclaration
        + "<w:styles xmlns:w=\"\(wordNamespace)\">"
        + "<w:docDefaults><w:rPrDefault><w:rPr>"
        + "<w:rFonts w:ascii=\"Arial\" w:hAnsi=\"Arial\" w:cs=\"Arial\" w:eastAsia=\"Arial\"/>"
        + "<w:sz w:val=\"22\"/><w:szCs w:val=\"22\"/><w:lang w:val=\"en-GB\"/></w:rPr></w:rPrDefault>"
        + "<w:pPrDefault><w:pPr><w:spacing w:after=\"80\" w:line=\"259\" w:lineRule=\"auto\"/></w:pPr>"
        + "</w:pPrDefault></w:docDefaults>"
        + "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/></w:style>"
        + "<w:style w:type=\"paragraph\" w:styleId=\"Heading1\"><w:name w:val=\"heading 1\"/>"
        + "<w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:qFormat/>"
        + "<w:pPr><w:keepNext/><w:spacing w:before=\"120\" w:after=\"120\"/><w:outlineLvl w:val=\"0\"/></w:pPr>"
        + "<w:rPr><w:b/><w:sz w:val=\"36\"/><w:szCs w:val=\"36\"/></w:rPr></w:style>"
        + "<w:style w:type=\"paragraph\" w:styleId=\"Heading2\"><w:name w:val=\"heading 2\"/>"
        + "<w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:qFormat/>"
        + "<w:pPr><w:keepNext/><w:spacing w:before=\"240\" w:after=\"80\"/><w:outlineLvl w:val=\"1\"/></w:pPr>"
        + "<w:rPr><w:b/><w:sz w:val=\"28\"/><w:szCs w:val=\"28\"/></w:rPr></w:style>"
        + "</w:styles>\n"

    // MARK: - The document

    static func documentXML(_ document: ReportDocument) -> String {
        let landscape = document.sections.contains { ($0.table?.columns.count ?? 0) > 5 }
        let textWidth = (landscape ? longEdge : shortEdge) - 2 * margin
        var body = paragraph(text: document.title, style: "Heading1")
        body += provenance(document.provenance)
        for section in document.sections {
            if let heading = section.heading {
                body += paragraph(text: heading, style: "Heading2")
            }
            for note in section.notes {
                body += paragraph(text: note)
            }
            if let table = section.table, !table.columns.isEmpty {
                body += self.table(table, width: textWidth)
                body += "<w:p/>"
            }
        }
        let (width, height) = landscape ? (longEdge, shortEdge) : (shortEdge, longEdge)
        let orientation = landscape ? " w:orient=\"landscape\"" : ""
        body +=
            "<w:sectPr><w:pgSz w:w=\"\(width)\" w:h=\"\(height)\"\(orientation)/>"
            + "<w:pgMar w:top=\"\(margin)\" w:right=\"\(margin)\" w:bottom=\"\(margin)\" w:left=\"\(margin)\""
            + " w:header=\"360\" w:footer=\"360\" w:gutter=\"0\"/></w:sectPr>"
        return xmlDeclaration + "<w:document xmlns:w=\"\(wordNamespace)\"><w:body>" + body
            + "</w:body></w:document>\n"
    }

    static func provenance(_ p: ReportProvenance) -> String {
        var items: [(String, String)] = [("As at", p.asAt.iso8601)]
        if let period = p.period {
            items.append(("Period", ReportValueFormat.period(period)))
        }
        var checkpoint = "sequence \(p.checkpoint.sequence), head hash \(p.checkpoint.headHash.hex)"
        checkpoint += ", store ID " + p.checkpoint.storeID
        if let recordedAt = p.checkpoint.recordedAt {
            checkpoint += ", last event recorded " + ReportValueFormat.ukInstant(recordedAt)
        }
        items.append(("Log position", checkpoint))
        items.append(("Rules", p.rules))
        return items.map { term, detail in
            "<w:p>" + run(term + ": ", bold: true, size: 19) + run(detail, size: 19) + "</w:p>"
        }.joined()
    }

    /// Column widths in twentieths of a point. Each column first gets room for the longest word
    /// of its title (so a header is never split inside a word) or of its cells (counted up to
    /// ten characters), then a share of what is left that follows the length of its longest
    /// line, between 1 and 6 parts.
    static func widths(_ table: ReportTable, width: Int) -> [Int] {
        let count = table.columns.count
        var minimums: [Int] = []
        var weights: [Int] = []
        for index in table.columns.indices {
            var word = longestWord(table.columns[index].title)
            var longest = longestLine(table.columns[index].title)
            for row in table.rows where index < row.count {
                for line in lines(row[index]) {
                    word = max(word, min(10, longestWord(line)))
                    longest = max(longest, longestLine(line))
                }
            }
            minimums.append(min(14, word) * 115 + 200)
            weights.append(min(6, max(1, (longest + 11) / 12)))
        }
        let floor = minimums.reduce(0, +)
        var result: [Int]
        if floor >= width {
            result = minimums.map { $0 * width / max(1, floor) }
        } else {
            let total = max(1, weights.reduce(0, +))
            result = zip(minimums, weights).map { $0 + (width - floor) * $1 / total }
        }
        result[count - 1] += width - result.reduce(0, +)
        return result
    }

    /// The length of the longest space-separated word of `text`.
    static func longestWord(_ text: String) -> Int {
        text.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(\.count).max() ?? 0
    }

    static func longestLine(_ text: String) -> Int {
        text.split(separator: "\n", omittingEmptySubsequences: false).map(\.count).max() ?? 0
    }

    static func table(_ table: ReportTable, width: Int) -> String {
        let count = table.columns.count
        let widths = widths(table, width: width)
        let kinds = table.columns.indices.map { ReportColumnKind.of(column: $0, in: table) }
        var out = "<w:tbl><w:tblPr><w:tblW w:w=\"\(width)\" w:type=\"dxa\"/><w:tblLayout w:type=\"fixed\"/>"
        out += "<w:tblBorders>"
        for edge in ["top", "left", "bottom", "right", "insideH", "insideV"] {
            out += "<w:\(edge) w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"444444\"/>"
        }
        out += "</w:tblBorders><w:tblCellMar><w:left w:w=\"80\" w:type=\"dxa\"/><w:right w:w=\"80\" w:type=\"dxa\"/>"
        out += "</w:tblCellMar><w:tblLook w:val=\"0020\" w:firstRow=\"1\"/></w:tblPr><w:tblGrid>"
        out += widths.map { "<w:gridCol w:w=\"\($0)\"/>" }.joined() + "</w:tblGrid>"
        out += "<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>"
        for (column, cellWidth) in zip(table.columns, widths) {
            out += "<w:tc><w:tcPr><w:tcW w:w=\"\(cellWidth)\" w:type=\"dxa\"/>"
            out += "<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"E6E6E6\"/></w:tcPr>"
            out += "<w:p>" + run(column.title, bold: true, size: 18) + "</w:p></w:tc>"
        }
        out += "</w:tr>"
        for row in table.rows {
            out += "<w:tr><w:trPr><w:cantSplit/></w:trPr>"
            for (index, cell) in ReportValueFormat.cells(row, count: count).enumerated() {
                out += self.cell(cell, width: widths[index], kind: kinds[index])
            }
            out += "</w:tr>"
        }
        return out + "</w:tbl>"
    }

    static func cell(_ cell: ReportCell, width: Int, kind: ReportColumnKind) -> String {
        var properties = "<w:tcW w:w=\"\(width)\" w:type=\"dxa\"/>"
        var alignment = kind == .numeric ? "right" : (kind == .rag ? "center" : nil)
        let content: String
        switch cell {
        case .rag(let status):
            properties += "<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"\(fill(status))\"/>"
            alignment = "center"
            content = paragraph(runs: run(status.label, bold: status != .noData, size: 18, colour: "000000"), alignment)
        case .record(let fields):
            content = fields.filter { $0.cell != .empty }.map { field in
                paragraph(
                    runs: run(field.label + ": ", bold: true, size: 18)
                        + lines(field.cell).map { run($0, size: 18) }.joined(), nil)
            }.joined()
        case .bullets(let items):
            content = items.map { paragraph(runs: run("• " + $0, size: 18), nil) }.joined()
        default:
            content = lines(cell).map { paragraph(runs: run($0, size: 18), alignment) }.joined()
        }
        // A table cell must end with a paragraph.
        return "<w:tc><w:tcPr>\(properties)</w:tcPr>\(content.isEmpty ? "<w:p/>" : content)</w:tc>"
    }

    /// A cell as the lines people read (codes as labels, instants as UK time).
    static func lines(_ cell: ReportCell) -> [String] {
        switch cell {
        case .text(let text), .code(_, label: let text): return [text]
        case .integer(let value): return [String(value)]
        case .date(let date): return [date.iso8601]
        case .instant(let instant): return [ReportValueFormat.ukInstant(instant)]
        case .fraction(let numerator, let denominator):
            return [ReportValueFormat.fraction(numerator: numerator, denominator: denominator)]
        case .rag(let status): return [status.label]
        case .bullets(let items): return items.map { "• " + $0 }
        case .quantity(let quantity): return [quantity.label]
        case .record(let fields):
            return fields.filter { $0.cell != .empty }.map { $0.label + ": " + lines($0.cell).joined(separator: "; ") }
        case .empty: return []
        }
    }

    // MARK: - Paragraphs and runs

    static func paragraph(text: String, style: String? = nil) -> String {
        let properties = style.map { "<w:pPr><w:pStyle w:val=\"\($0)\"/></w:pPr>" } ?? ""
        return "<w:p>\(properties)\(run(text))</w:p>"
    }

    static func paragraph(runs: String, _ alignment: String?) -> String {
        let properties = alignment.map { "<w:pPr><w:spacing w:after=\"0\"/><w:jc w:val=\"\($0)\"/></w:pPr>" }
        return "<w:p>\(properties ?? "<w:pPr><w:spacing w:after=\"0\"/></w:pPr>")\(runs)</w:p>"
    }

    /// One run of text; line breaks inside become `<w:br/>`, tabs `<w:tab/>`.
    static func run(_ text: String, bold: Bool = false, size: Int? = nil, colour: String? = nil) -> String {
        var properties = bold ? "<w:b/>" : ""
        if let colour { properties += "<w:color w:val=\"\(colour)\"/>" }
        if let size { properties += "<w:sz w:val=\"\(size)\"/><w:szCs w:val=\"\(size)\"/>" }
        let pieces = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.split(separator: "\t", omittingEmptySubsequences: false)
                .map { "<w:t xml:space=\"preserve\">\(escape(String($0)))</w:t>" }
                .joined(separator: "<w:tab/>")
        }
        let rPr = properties.isEmpty ? "" : "<w:rPr>\(properties)</w:rPr>"
        return "<w:r>\(rPr)\(pieces.joined(separator: "<w:br/>"))</w:r>"
    }

    /// Text escaped for XML character data and attributes; characters XML 1.0 cannot hold
    /// (control characters other than tab and line breaks) become U+FFFD.
    static func escape(_ text: String) -> String {
        var out = ""
        out.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\r": break
            default:
                if scalar.value < 0x20 && scalar != "\t" && scalar != "\n" || scalar.value == 0xFFFE
                    || scalar.value == 0xFFFF
                {
                    out.unicodeScalars.append("\u{FFFD}")
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }
}
