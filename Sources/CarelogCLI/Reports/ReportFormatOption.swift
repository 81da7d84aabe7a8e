import ArgumentParser

/// `--format` for reports and extracts.
public enum ReportFormatOption: String, ExpressibleByArgument, CaseIterable, Sendable {
    /// Markdown, for a Board paper.
    case markdown
    /// CSV (RFC 4180, one header row).
    case csv
    /// JSON with stable field names.
    case json
    /// A standalone HTML page, printable on A4.
    case html
}
