/// One data row of an export: its spreadsheet row number and its cells by column name.
public struct SourceRow: Sendable {
    /// The 1-based row number as a spreadsheet shows it (the header row counts).
    public var number: Int
    /// The cells, trimmed, by column name.
    public var cells: [String: String]

    /// A row.
    public init(number: Int, cells: [String: String]) {
        self.number = number
        self.cells = cells
    }
}
