/// Writes a ``ReportDocument`` as Markdown, CSV, JSON, HTML or `.docx`.
///
/// Rendering is a pure function of the document: no clock, no locale, no host time zone, so the
/// same document always gives byte-identical output (which is what lets a manifest carry the
/// SHA-256 of an extract). Output is UTF-8; lines end with `\n`, except CSV, which uses CRLF
/// as RFC 4180 asks. The exact layout of each format is in `Docs/reports.md`.
///
/// Renderers only lay out; a table row with fewer cells than columns is padded with empty
/// cells and surplus cells are ignored, so a malformed document never traps.
public struct ReportRenderer: Hashable, Sendable {
    /// Creates a renderer.
    public init() {}

    /// The document written in `format`: UTF-8 text for the text formats, a ZIP package for `.docx`.
    public func render(_ document: ReportDocument, as format: ReportFormat) -> [UInt8] {
        if format == .docx { return DOCXReportWriter.write(document) }
        return Array(renderText(document, as: format).utf8)
    }

    /// The document written in a text format, as a string (the same characters ``render(_:as:)``
    /// encodes). `.docx` is binary and has no text form: it gives the empty string here; use
    /// ``render(_:as:)``.
    public func renderText(_ document: ReportDocument, as format: ReportFormat) -> String {
        switch format {
        case .docx: return ""
        case .markdown: return MarkdownReportWriter.write(document)
        case .csv: return CSVReportWriter.write(document)
        case .json: return JSONReportWriter.write(document)
        case .html: return HTMLReportWriter.write(document)
        }
    }
}
