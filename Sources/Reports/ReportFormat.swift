/// The five ways a ``ReportDocument`` can be written out: four text formats and `.docx`.
///
/// Parse from the strings `markdown`, `csv`, `json`, `html` or `docx` (case-insensitive; `md`
/// and `htm` are accepted as aliases) with ``init(parsing:)``; ``rawValue`` is always the canonical name.
public enum ReportFormat: String, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// GitHub-flavoured Markdown, for pasting into a Board paper.
    case markdown
    /// RFC 4180 CSV (CRLF line endings, one header row of column keys), for spreadsheets.
    case csv
    /// Pretty-printed JSON with sorted keys and stable field names, for other systems.
    case json
    /// A standalone HTML page (inline CSS, no scripts), printable on A4.
    case html
    /// A Word document (Office Open XML), for pasting the table into a Board paper with its
    /// colours; binary (``isBinary``).
    case docx

    /// Parses a format name: `markdown`/`md`, `csv`, `json`, `html`/`htm`, `docx`, ignoring case and
    /// surrounding spaces; `nil` for anything else.
    public init?(parsing text: String) {
        let name = text.trimmingSpaces().lowercased()
        switch name {
        case "markdown", "md": self = .markdown
        case "csv": self = .csv
        case "json": self = .json
        case "html", "htm": self = .html
        case "docx": self = .docx
        default: return nil
        }
    }

    /// The usual file extension, without the dot: `md`, `csv`, `json`, `html`, `docx`.
    public var fileExtension: String {
        switch self {
        case .markdown: return "md"
        case .csv: return "csv"
        case .json: return "json"
        case .html: return "html"
        case .docx: return "docx"
        }
    }

    /// The media type with its character set, e.g. `text/csv; charset=utf-8; header=present`.
    public var mediaType: String {
        switch self {
        case .markdown: return "text/markdown; charset=utf-8"
        case .csv: return "text/csv; charset=utf-8; header=present"
        case .json: return "application/json"
        case .html: return "text/html; charset=utf-8"
        case .docx: return DOCXReportWriter.mediaType
        }
    }

    /// Whether the rendering is binary (`.docx`): not text, so never written to a terminal.
    public var isBinary: Bool { self == .docx }

    /// The canonical name, as ``rawValue``.
    public var description: String { rawValue }
}

extension String {
    /// The string without leading and trailing spaces, tabs and line breaks.
    fileprivate func trimmingSpaces() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
