import CareCalendar
import EventLog
import Projections

/// Writes a document as GitHub-flavoured Markdown for a Board paper.
///
/// Layout (lines end with `\n`; blocks are separated by one blank line; the file ends with one `\n`):
///
///     # <title>
///
///     - **As at:** 2020-03-31
///     - **Period:** 2020-01-01 to 2020-03-31          (only when the report has a period)
///     - **Log position:** sequence 1200, head hash `<64 hex>`, store ID <id>[, last event recorded <UK time>]
///     - **Rules:** <rules>
///
///     ## <heading>                                     (only when the section has one)
///
///     <note>                                           (one paragraph per note)
///
///     | Title | … |
///     | --- | ---: | :---: |                          (numbers right, RAG centred)
///     | cell | … |
///
/// Cells: text as is (line breaks become `<br>`); codes as their label; integers in plain digits;
/// dates `YYYY-MM-DD`; instants as UK wall-clock time `2020-01-29 09:30 GMT`; fractions `45/50
/// (90.0%)` or `0/0 (–)`; RAG as its label (`R`, `A`, `G`, `no data`); bullets as `• one<br>• two`;
/// quantities with their unit (`90%`, `5 percentage points`); records as `Label: value` lines joined with `<br>`
/// (inline `<br>` is rendered by GitHub, GitLab, VS Code, pandoc and Typora); empty as nothing.
///
/// Escaping: `&`, `<`, `>` become `&amp;`, `&lt;`, `&gt;` (so text such as `<script>` is shown,
/// never interpreted), and the Markdown punctuation (backslash, backtick, `*`, `_`, `[`, `]`,
/// `~`, `|`) is backslash-escaped, so free text never turns into emphasis, links or extra table
/// columns. A note that starts with `#`, `-`, `+` or `1.` has that marker escaped so it stays a
/// paragraph.
enum MarkdownReportWriter {
    static func write(_ document: ReportDocument) -> String {
        var blocks: [String] = []
        blocks.append("# " + inline(document.title))
        blocks.append(provenance(document.provenance))
        for section in document.sections {
            if let heading = section.heading {
                blocks.append("## " + inline(heading))
            }
            for note in section.notes {
                blocks.append(paragraph(note))
            }
            if let table = section.table {
                blocks.append(self.table(table))
            }
        }
        return blocks.joined(separator: "\n\n") + "\n"
    }

    // MARK: - Blocks

    static func provenance(_ p: ReportProvenance) -> String {
        var lines: [String] = []
        lines.append("- **As at:** " + p.asAt.iso8601)
        if let period = p.period {
            lines.append("- **Period:** " + ReportValueFormat.period(period))
        }
        var checkpoint = "sequence \(p.checkpoint.sequence), head hash `\(p.checkpoint.headHash.hex)`"
        checkpoint += ", store ID " + inline(p.checkpoint.storeID)
        if let recordedAt = p.checkpoint.recordedAt {
            checkpoint += ", last event recorded " + ReportValueFormat.ukInstant(recordedAt)
        }
        lines.append("- **Log position:** " + checkpoint)
        lines.append("- **Rules:** " + inline(p.rules))
        return lines.joined(separator: "\n")
    }

    static func paragraph(_ note: String) -> String {
        var text = inline(note)
        // Keep a note a paragraph even when it starts like a heading, list item or ordered list.
        if let first = text.first, first == "#" || first == "-" || first == "+" {
            text = "\\" + text
        } else if let dot = text.firstIndex(where: { !$0.isASCII || !$0.isNumber }), dot != text.startIndex,
            text[dot] == "." || text[dot] == ")"
        {
            text.insert("\\", at: dot)
        }
        return text
    }

    static func table(_ table: ReportTable) -> String {
        let count = table.columns.count
        guard count > 0 else { return "" }
        var lines: [String] = []
        lines.append(row(table.columns.map { inline($0.title) }))
        lines.append(
            row(
                table.columns.indices.map { index in
                    switch ReportColumnKind.of(column: index, in: table) {
                    case .numeric: return "---:"
                    case .rag: return ":---:"
                    case .general: return "---"
                    }
                }))
        for cells in table.rows {
            lines.append(row(ReportValueFormat.cells(cells, count: count).map(cell)))
        }
        return lines.joined(separator: "\n")
    }

    static func row(_ cells: [String]) -> String {
        "| " + cells.joined(separator: " | ") + " |"
    }

    // MARK: - Cells

    static func cell(_ cell: ReportCell) -> String {
        switch cell {
        case .text(let text), .code(_, label: let text): return inline(text)
        case .integer(let value): return String(value)
        case .date(let date): return date.iso8601
        case .instant(let instant): return ReportValueFormat.ukInstant(instant)
        case .fraction(let numerator, let denominator):
            return inline(ReportValueFormat.fraction(numerator: numerator, denominator: denominator))
        case .rag(let status): return inline(status.label)
        case .bullets(let items): return items.map { "• " + inline($0) }.joined(separator: "<br>")
        case .quantity(let quantity): return inline(quantity.label)
        case .record(let fields):
            return fields.filter { $0.cell != .empty }.map {
                inline($0.label) + ": " + MarkdownReportWriter.cell($0.cell)
            }
            .joined(separator: "<br>")
        case .empty: return ""
        }
    }

    /// Text escaped for use inside a Markdown paragraph, heading or table cell.
    static func inline(_ text: String) -> String {
        MarkupEscaping.escape(text, lineBreak: "<br>") { scalar in
            switch scalar {
            case "\\", "`", "*", "_", "[", "]", "~", "|": "\\" + String(scalar)
            case "\t": " "
            default: MarkupEscaping.entity(scalar)
            }
        }
    }
}
