/// A problem with one row of an export: where (row, column, event field) and why — never the
/// cell's content, which may be personal data.
public struct RowProblem: Hashable, Sendable, CustomStringConvertible {
    /// The 1-based row as a spreadsheet numbers it (the header row included); 0 for the file.
    public var row: Int
    /// The column name, when one column is at fault.
    public var column: String?
    /// The event type and field path (`VisitCheckedIn data.staffId`), when known.
    public var field: String?
    /// Why, in words a user can act on.
    public var message: String

    /// A problem.
    public init(row: Int, column: String? = nil, field: String? = nil, message: String) {
        self.row = row
        self.column = column
        self.field = field
        self.message = message
    }

    /// `row 4, column "Actual In" (VisitCheckedIn data.checkedInAt): is not a date and time …`.
    public var description: String {
        var text = row > 0 ? "row \(row)" : "file"
        if let column { text += ", column \"\(column)\"" }
        if let field { text += " (\(field))" }
        return text + ": " + message
    }
}
