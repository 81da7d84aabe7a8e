/// One named part of a structured cell (``ReportCell/record(_:)``): a stable machine key, a
/// label for people and a value.
///
/// JSON writes the record as an object keyed by `key`; CSV adds one field per key after the
/// column (`<column><Key>`); Markdown, HTML and `.docx` show one `Label: value` line per
/// non-empty field.
public struct ReportField: Hashable, Sendable {
    /// Stable field name, lower camel case, e.g. `target`.
    public var key: String
    /// What people read before the value, e.g. `Target`.
    public var label: String
    /// The value (a record inside a record is shown as its text only).
    public var cell: ReportCell

    /// Creates a field.
    public init(_ key: String, _ label: String, _ cell: ReportCell) {
        self.key = key
        self.label = label
        self.cell = cell
    }
}
