import CareRecord
import EventLog

/// One row of an export as ``MappedRowFeed`` hands it to the importer: mapped to its event lines
/// (each checked for a correction of what the store held, and prepared), or its problems.
struct MappedRow: Sendable {
    /// One event of the row.
    struct Line: Sendable {
        /// The event type the mapping gives (a correction keeps it here, for the counts).
        var type: String
        /// The line to plan: the row's event, or the `EntryCorrected` that replaces it; the row's
        /// own event when ``failure`` is set. `nil` once the importer has taken it (moved out with
        /// `take()`, so the line is never copied: a copy retains each of its strings and its payload).
        var line: EventLine?
        /// The entry the line corrects, if it does.
        var correction: RowCorrection?
        /// Why the line could not be checked for a correction (the store could not be read).
        var failure: CatalogueError?
    }

    /// The row number.
    var number: Int
    /// The row's record id.
    var recordId: String
    /// Its events, in mapping order (none when it has problems).
    var lines: [Line]
    /// Its problems.
    var problems: [RowProblem]
}
