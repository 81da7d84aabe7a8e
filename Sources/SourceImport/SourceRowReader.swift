/// Reads the data rows of an export one at a time (CSV or a sheet of an `.xlsx` workbook).
public protocol SourceRowReader {
    /// The next non-empty data row, `nil` at the end.
    ///
    /// - Throws: ``RowProblem`` when the source is malformed.
    mutating func next() throws(RowProblem) -> SourceRow?
}
