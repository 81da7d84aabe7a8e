/// Reads the data rows of an export one at a time (CSV or a sheet of an `.xlsx` workbook).
public protocol SourceRowReader {
    /// The column names of the header row, in column order (every row's ``SourceRow/columns``).
    var header: [String] { get }

    /// The next non-empty data row, `nil` at the end.
    ///
    /// - Throws: ``RowProblem`` when the source is malformed.
    mutating func next() throws(RowProblem) -> SourceRow?
}
