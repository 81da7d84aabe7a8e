/// A visit as a ``SavedVisits`` table holds it: its fields in a compact binary form, its team as
/// a place in the state's team table, read back in place from the saved bytes.
protocol SavedVisitEntry: Sendable {
    /// The visit's team (written as its place in the state's team table).
    var team: String { get }

    /// Writes the visit's fields, its team as `place` (its place in the state's team table).
    func write(to writer: inout FoldStateWriter, team place: Int)

    /// Reads the fields ``write(to:team:)`` wrote, the team from `teams` by its place.
    init(from cursor: inout FoldStateCursor, teams: borrowing [String]) throws(FoldStateDecodingError)
}
