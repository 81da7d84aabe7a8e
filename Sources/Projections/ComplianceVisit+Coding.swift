import EventLog

// A visit in flight in the compact binary form of compliance's saved state (``SavedVisits`` holds
// the entries): its team as a place in the state's team table, the planned start, one byte of
// flags, the carers needed and check-outs, and the first check-in as its offset from the planned
// start. `FoldStateCodingTests` checks that a state read back equals the one written.

extension ComplianceVisit: SavedVisitEntry {
    /// Flags of the one byte that holds them.
    private static let timeCriticalFlag: UInt64 = 1
    private static let allElectronicFlag: UInt64 = 2
    private static let checkedInFlag: UInt64 = 4

    /// Writes the visit's fields, its team as `place` (its place in the state's team table).
    func write(to writer: inout FoldStateWriter, team place: Int) {
        writer.count(place)
        writer.instant(plannedStart)
        var flags: UInt64 = 0
        if timeCritical { flags |= Self.timeCriticalFlag }
        if allElectronic { flags |= Self.allElectronicFlag }
        if firstCheckIn != nil { flags |= Self.checkedInFlag }
        writer.unsigned(flags)
        writer.int(carersNeeded)
        writer.int(checkOuts)
        // The first check-in as its offset from the planned start: a few bytes, not an instant.
        if let firstCheckIn {
            writer.signed(firstCheckIn.millisecondsSinceEpoch &- plannedStart.millisecondsSinceEpoch)
        }
    }

    /// Reads the fields `write(to:team:)` wrote, the team from `teams` by its place.
    @inline(__always)
    init(from cursor: inout FoldStateCursor, teams: borrowing [String]) throws(FoldStateDecodingError) {
        let place = try cursor.unsigned()
        guard place < UInt64(teams.count) else {
            throw FoldStateDecodingError(offset: cursor.offset, expected: "a team")
        }
        team = teams[Int(place)]
        plannedStart = Timestamp(millisecondsSinceEpoch: try cursor.signed())
        let flags = try cursor.unsigned()
        guard flags < 8 else { throw FoldStateDecodingError(offset: cursor.offset, expected: "a visit's flags") }
        timeCritical = flags & Self.timeCriticalFlag != 0
        allElectronic = flags & Self.allElectronicFlag != 0
        carersNeeded = try cursor.int()
        checkOuts = try cursor.int()
        if flags & Self.checkedInFlag != 0 {
            let offset = try cursor.signed()
            firstCheckIn = Timestamp(millisecondsSinceEpoch: plannedStart.millisecondsSinceEpoch &+ offset)
        }
    }
}
