import CareCalendar
import EventLog
import Projections

/// Writes a document as a standalone HTML page: inline CSS, no scripts, no external resources,
/// `lang="en-GB"`, printable on A4.
///
/// - The provenance sits in a boxed header under the title (a `<dl>`), so a printed page says
///   where its figures came from.
/// - Each section is a `<section>` with an `<h2>` (when it has a heading), one `<p>` per note
///   and a `<table>` whose `<thead>` repeats on every printed page; rows do not split across pages.
/// - RAG cells are coloured and always carry the text label:
///   `<td class="rag rag-red"><abbr title="Red">R</abbr></td>`; classes `rag-red`, `rag-amber`,
///   `rag-green`, `rag-nodata` (grey, label `no data`). Colours are pale enough for black text
///   (contrast ≥ 4.5:1) and `print-color-adjust: exact` keeps them on paper.
/// - Number and fraction columns are right-aligned (`class="num"`); dates never wrap
///   (`class="date"`); bullets are a `<ul>`;
///   instants are UK wall-clock time (`2020-01-29 09:30 GMT`); other values are spelled as in Markdown.
/// - Printing: on paper the page width is not capped, cells wrap anywhere rather than overflow
///   (`overflow-wrap: anywhere`, numbers and dates may wrap too; header words are never split), tables shrink to 8.5 pt, and a
///   document with a table of more than five columns prints on landscape A4, so no column is
///   clipped. A section's chart is an inline SVG (``TrendChartSVG``) in a `<figure class="chart">`
///   before its table, with ids `chart-<section number>-title` / `-desc`. Record cells are `<td class="record">` with one `<div>` per field.
/// - All text is escaped: `&`, `<`, `>`, `"`, `'` become `&amp;`, `&lt;`, `&gt;`, `&quot;`,
///   `&#39;`; line breaks in text become `<br>`.
enum HTMLReportWriter {
    static let styleSheet = """
        @page { size: A4; margin: 15mm 12mm 18mm 12mm; }
        @page { @bottom-right { content: "Page " counter(page) " of " counter(pages); font: 8pt Arial, Helvetica, sans-serif; } }
        html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
        body { font-family: Arial, "Helvetica Neue", Helvetica, sans-serif; font-size: 11pt; line-height: 1.35; color: #000; background: #fff; margin: 0 auto; max-width: 186mm; padding: 8mm 0; }
        h1 { font-size: 18pt; margin: 0 0 4mm 0; }
        h2 { font-size: 14pt; margin: 6mm 0 2mm 0; break-after: avoid; page-break-after: avoid; }
        p { margin: 0 0 2mm 0; }
        .provenance { border: 1px solid #000; padding: 2mm 3mm; margin: 0 0 5mm 0; font-size: 9.5pt; display: grid; grid-template-columns: max-content 1fr; column-gap: 3mm; row-gap: 1mm; break-inside: avoid; }
        .provenance dt { font-weight: bold; }
        .provenance dd { margin: 0; overflow-wrap: anywhere; }
        .provenance code { font-family: "Courier New", Courier, monospace; font-size: 8.5pt; }
        table { border-collapse: collapse; width: 100%; margin: 0 0 4mm 0; font-size: 10pt; }
        thead { display: table-header-group; }
        tr { break-inside: avoid; page-break-inside: avoid; }
        th, td { border: 1px solid #444; padding: 1.5mm 2mm; text-align: left; vertical-align: top; overflow-wrap: anywhere; word-break: normal; }
        th { background: #e6e6e6; font-weight: bold; overflow-wrap: break-word; }
        td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        td.date { white-space: nowrap; }
        td.rag, th.rag { text-align: center; white-space: nowrap; }
        td.rag { font-weight: bold; }
        td.rag-red { background: #e5534b; }
        td.rag-amber { background: #ffbf47; }
        td.rag-green { background: #4caf50; }
        td.rag-nodata { background: #d9d9d9; font-weight: normal; font-style: italic; }
        abbr { text-decoration: none; border: 0; }
        ul { margin: 0; padding-left: 4.5mm; }
        li { margin: 0 0 0.5mm 0; }
        td.record div { margin: 0 0 0.5mm 0; }
        figure.chart { margin: 0 0 3mm 0; break-inside: avoid; page-break-inside: avoid; }
        figure.chart svg { max-width: 100%; height: auto; }
        .field { font-weight: bold; }
        span.rag { font-weight: bold; padding: 0 1mm; }
        span.rag-red { background: #e5534b; }
        span.rag-amber { background: #ffbf47; }
        span.rag-green { background: #4caf50; }
        span.rag-nodata { background: #d9d9d9; }
        @media print {
          body { max-width: none; padding: 0; font-size: 10pt; }
          table { font-size: 8.5pt; table-layout: auto; width: 100%; max-width: 100%; }
          th, td { padding: 1mm 1.2mm; }
          td.num, th.num, td.date { white-space: normal; }
        }
        """

    /// The page rule added when a table has more than five columns: such tables print on
    /// landscape A4 (`@page { size: A4 landscape; }`) so no column is clipped.
    static let landscapePage = "@page { size: A4 landscape; }"

    /// Whether `document` has a table wider than portrait A4 comfortably holds (more than five columns).
    static func isWide(_ document: ReportDocument) -> Bool {
        document.sections.contains { ($0.table?.columns.count ?? 0) > 5 }
    }

    static func write(_ document: ReportDocument) -> String {
        var out = """
            <!DOCTYPE html>
            <html lang="en-GB">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(escape(document.title, lineBreak: " "))</title>
            <style>
            \(styleSheet)\(isWide(document) ? "\n" + landscapePage : "")
            </style>
            </head>
            <body>
            <header>
            <h1>\(escape(document.title))</h1>

            """
        out += provenance(document.provenance)
        out += "</header>\n<main>\n"
        for (index, section) in document.sections.enumerated() {
            out += self.section(section, index: index)
        }
        out += "</main>\n</body>\n</html>\n"
        return out
    }

    static func provenance(_ p: ReportProvenance) -> String {
        var items: [(String, String)] = [("As at", p.asAt.iso8601)]
        if let period = p.period {
            items.append(("Period", ReportValueFormat.period(period)))
        }
        var checkpoint = "sequence \(p.checkpoint.sequence), head hash <code>\(p.checkpoint.headHash.hex)</code>"
        checkpoint += ", store ID " + escape(p.checkpoint.storeID)
        if let recordedAt = p.checkpoint.recordedAt {
            checkpoint += ", last event recorded " + ReportValueFormat.ukInstant(recordedAt)
        }
        items.append(("Log position", checkpoint))
        items.append(("Rules", escape(p.rules)))
        var out = "<dl class=\"provenance\">\n"
        for (term, detail) in items {
            out += "<dt>\(term)</dt><dd>\(detail)</dd>\n"
        }
        return out + "</dl>\n"
    }

    static func section(_ section: ReportSection, index: Int = 0) -> String {
        var out = "<section>\n"
        if let heading = section.heading {
            out += "<h2>\(escape(heading))</h2>\n"
        }
        for note in section.notes {
            out += "<p>\(escape(note))</p>\n"
        }
        if let chart = section.chart {
            out += "<figure class=\"chart\">\n" + TrendChartSVG.svg(chart, id: "chart-\(index + 1)") + "</figure>\n"
        }
        if let table = section.table {
            out += self.table(table)
        }
        return out + "</section>\n"
    }

    static func table(_ table: ReportTable) -> String {
        let count = table.columns.count
        guard count > 0 else { return "" }
        let classes: [String] = table.columns.indices.map { index in
            switch ReportColumnKind.of(column: index, in: table) {
            case .numeric: return " class=\"num\""
            case .rag: return " class=\"rag\""
            case .general: return ""
            }
        }
        var out = "<table>\n<thead>\n<tr>"
        for (column, cls) in zip(table.columns, classes) {
            out += "<th scope=\"col\"\(cls)>\(escape(column.title))</th>"
        }
        out += "</tr>\n</thead>\n<tbody>\n"
        for row in table.rows {
            out += "<tr>"
            for (cell, cls) in zip(ReportValueFormat.cells(row, count: count), classes) {
                out += self.cell(cell, columnClass: cls)
            }
            out += "</tr>\n"
        }
        return out + "</tbody>\n</table>\n"
    }

    static func cell(_ cell: ReportCell, columnClass: String) -> String {
        switch cell {
        case .text(let text), .code(_, label: let text): return "<td\(columnClass)>\(escape(text))</td>"
        case .integer(let value): return "<td class=\"num\">\(value)</td>"
        case .date(let date): return "<td class=\"date\">\(date.iso8601)</td>"
        case .instant(let instant): return "<td\(columnClass)>\(ReportValueFormat.ukInstant(instant))</td>"
        case .fraction(let numerator, let denominator):
            let text = ReportValueFormat.fraction(numerator: numerator, denominator: denominator)
            return "<td class=\"num\">\(escape(text))</td>"
        case .rag(let status):
            let label = escape(status.label)
            let word = ReportValueFormat.ragWord(status)
            let shown = status == .noData ? label : "<abbr title=\"\(word)\">\(label)</abbr>"
            return "<td class=\"rag \(ragClass(status))\">\(shown)</td>"
        case .bullets(let items):
            guard !items.isEmpty else { return "<td\(columnClass)></td>" }
            return "<td\(columnClass)><ul>" + items.map { "<li>\(escape($0))</li>" }.joined() + "</ul></td>"
        case .quantity(let quantity): return "<td class=\"num\">\(escape(quantity.label))</td>"
        case .record(let fields):
            return "<td class=\"record\">" + record(fields) + "</td>"
        case .empty: return "<td\(columnClass)></td>"
        }
    }

    /// A record's fields as `<div><span class="field">Label:</span> value</div>` lines (empty fields left out).
    static func record(_ fields: [ReportField]) -> String {
        fields.filter { $0.cell != .empty }.map { field in
            "<div><span class=\"field\">\(escape(field.label)):</span> \(inline(field.cell))</div>"
        }.joined()
    }

    /// A cell's content as inline HTML, for a field inside a record.
    static func inline(_ cell: ReportCell) -> String {
        switch cell {
        case .text(let text), .code(_, label: let text): return escape(text)
        case .integer(let value): return String(value)
        case .date(let date): return date.iso8601
        case .instant(let instant): return ReportValueFormat.ukInstant(instant)
        case .fraction(let numerator, let denominator):
            return escape(ReportValueFormat.fraction(numerator: numerator, denominator: denominator))
        case .rag(let status):
            return "<span class=\"rag \(ragClass(status))\">\(escape(status.label))</span>"
        case .bullets(let items): return escape(items.joined(separator: "; "))
        case .quantity(let quantity): return escape(quantity.label)
        case .record(let fields):
            return escape(fields.filter { $0.cell != .empty }.map(\.label).joined(separator: ", "))
        case .empty: return ""
        }
    }

    static func ragClass(_ status: RAGStatus) -> String {
        switch status {
        case .red: return "rag-red"
        case .amber: return "rag-amber"
        case .green: return "rag-green"
        case .noData: return "rag-nodata"
        }
    }

    /// Text escaped for HTML content and attribute values; line breaks become `lineBreak`
    /// (`<br>` in the body, a space in `<title>`).
    static func escape(_ text: String, lineBreak: String = "<br>") -> String {
        MarkupEscaping.escape(text, lineBreak: lineBreak) { scalar in
            switch scalar {
            case "\"": "&quot;"
            case "'": "&#39;"
            default: MarkupEscaping.entity(scalar)
            }
        }
    }
}
