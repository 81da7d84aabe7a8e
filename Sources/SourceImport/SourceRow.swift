/// One data row of an export: its spreadsheet row number and its cells in column order.
public struct SourceRow: Sendable {
    /// The 1-based row number as a spreadsheet shows it (the header row counts).
    public var number: Int
    /// The column names of the header row (shared by every row of the export).
    public var columns: [String]
    /// The cells, trimmed, in column order; a row may hold fewer cells than there are columns
    /// (the missing ones are empty). A column without a name is never read.
    public var values: [String]

    /// A row of cells in the order of `columns`.
    public init(number: Int, columns: [String], values: [String]) {
        self.number = number
        self.columns = columns
        self.values = values
    }

    /// A row from cells by column name.
    public init(number: Int, cells: [String: String]) {
        let names = cells.keys.sorted()
        self.init(number: number, columns: names, values: names.map { cells[$0] ?? "" })
    }

    /// The cell of the column named `name`; `nil` when there is no such column or the row ends before it.
    public subscript(column name: String) -> String? {
        guard !name.isEmpty, let index = columns.firstIndex(of: name), index < values.count else { return nil }
        return values[index]
    }

    /// The non-empty cells by column name.
    public var cells: [String: String] {
        var byName: [String: String] = [:]
        for (index, name) in columns.enumerated() where !name.isEmpty && index < values.count && !values[index].isEmpty
        {
            byName[name] = values[index]
        }
        return byName
    }
}
