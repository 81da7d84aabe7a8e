import CareRecord
import EventLog

// The compact binary form of visit delivery's fold state (``FoldStateWriter``), version 2 of the
// fold (`VisitDelivery.foldVersion`): each person's team; the team names once; the visits as a
// table read in place (``SavedVisits``); then each team's tally of them (``VisitDeliveryTally``),
// offsets ascending. Teams are numbers into the team table. `FoldStateCodingTests` checks that a
// state read back equals the one written and that no prefix of it is read. Raise
// `VisitDelivery.foldVersion` when a field is added, removed or reordered.

extension VisitDeliveryFoldState: FoldStateCodable {
    public func write(to writer: inout FoldStateWriter) {
        writer.array(teams.sorted { $0.key < $1.key }) {
            $0.string($1.key)
            $0.string($1.value)
        }
        let tallies = self.tallies.sorted { $0.key < $1.key }
        // The saved visits' teams first, in their order: their entries are copied with their places.
        var names: [String] = saved?.teams ?? []
        var places = Dictionary(names.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        func add(_ team: String) {
            guard places[team] == nil else { return }
            places[team] = names.count
            names.append(team)
        }
        for visit in visits.values { add(visit.team) }
        for (team, _) in tallies { add(team) }
        writer.array(names) { $0.string($1) }
        SavedVisits.write(saved: saved, taken: taken, added: visits, place: { places[$0] ?? 0 }, to: &writer)
        writer.count(tallies.count)
        for (team, tally) in tallies {
            writer.count(places[team] ?? 0)
            tally.team.write(to: &writer)
            for part in [tally.carers, tally.people] {
                writer.count(part.count)
                for (group, figures) in part.sorted(by: { $0.key < $1.key }) {
                    writer.string(group)
                    figures.write(to: &writer)
                }
            }
        }
    }

    public init(from reader: inout FoldStateReader) throws(FoldStateDecodingError) {
        let pairs = try reader.array { reader throws(FoldStateDecodingError) in
            (try reader.string(), try reader.string())
        }
        teams = Dictionary(pairs, uniquingKeysWith: { _, last in last })
        let names = try reader.array { reader throws(FoldStateDecodingError) in try reader.string() }
        guard Set(names).count == names.count else {
            throw FoldStateDecodingError(offset: 0, expected: "distinct team names")
        }
        // The largest table (every visit of the period): kept in place, its entries read only
        // where a later event touches them.
        let saved = try SavedVisits<VisitDeliveryVisit>(from: &reader, teams: names)
        let teamCount = try reader.count()
        var tallies: [String: VisitDeliveryTally] = [:]
        var planned = 0
        for _ in 0..<teamCount {
            let place = try reader.unsigned()
            guard place < UInt64(names.count) else { throw FoldStateDecodingError(offset: 0, expected: "a team") }
            let team = names[Int(place)]
            var tally = VisitDeliveryTally(team: team)
            tally.team = try VisitDeliveryFigures(from: &reader, group: team)
            for part in 0..<2 {
                let count = try reader.count()
                var figures: [String: VisitDeliveryFigures] = [:]
                figures.reserveCapacity(count)
                for _ in 0..<count {
                    let group = try reader.string()
                    figures[group] = try VisitDeliveryFigures(from: &reader, group: group)
                }
                guard figures.count == count else {
                    throw FoldStateDecodingError(offset: 0, expected: "distinct groups")
                }
                if part == 0 { tally.carers = figures } else { tally.people = figures }
            }
            guard tally.team.planned > 0, tallies.updateValue(tally, forKey: team) == nil else {
                throw FoldStateDecodingError(offset: 0, expected: "a team's tally")
            }
            planned += tally.team.planned
        }
        guard planned == saved.count else {
            throw FoldStateDecodingError(offset: 0, expected: "tallies that count every saved visit")
        }
        self.saved = saved.count > 0 ? saved : nil
        visits = [:]
        taken = []
        savedTallies = tallies
        visitTallies = [:]
    }
}

extension VisitDeliveryFigures {
    /// Writes the counts, the delivered milliseconds and the offsets (ascending: the first, then
    /// each one's distance from the one before).
    fileprivate func write(to writer: inout FoldStateWriter) {
        for count in [
            planned, delivered, onTime, late, early, short, missed, cancelled, pending, unverified, manuallyVerified,
            understaffed, plannedMinutes,
        ] {
            writer.int(count)
        }
        writer.signed(deliveredMilliseconds)
        writer.count(offsets.count)
        var previous: Int64 = 0
        for (index, offset) in offsets.enumerated() {
            if index == 0 { writer.signed(offset) } else { writer.unsigned(UInt64(offset &- previous)) }
            previous = offset
        }
    }

    /// Reads what `write(to:)` wrote, as the figures of `group`.
    fileprivate init(from reader: inout FoldStateReader, group: String) throws(FoldStateDecodingError) {
        self.init(group: group)
        planned = try reader.int()
        delivered = try reader.int()
        onTime = try reader.int()
        late = try reader.int()
        early = try reader.int()
        short = try reader.int()
        missed = try reader.int()
        cancelled = try reader.int()
        pending = try reader.int()
        unverified = try reader.int()
        manuallyVerified = try reader.int()
        understaffed = try reader.int()
        plannedMinutes = try reader.int()
        deliveredMilliseconds = try reader.signed()
        let count = try reader.count()
        guard planned > 0, count == delivered else {
            throw FoldStateDecodingError(offset: 0, expected: "a row's figures")
        }
        offsets.reserveCapacity(count)
        var previous: Int64 = 0
        for index in 0..<count {
            let offset = index == 0 ? try reader.signed() : previous &+ Int64(bitPattern: try reader.unsigned())
            offsets.append(offset)
            previous = offset
        }
    }
}

extension VisitDeliveryVisit: SavedVisitEntry {
    /// Flags of the one byte that holds them.
    private static let timeCriticalFlag: UInt64 = 1
    private static let missedFlag: UInt64 = 2
    private static let cancelledFlag: UInt64 = 4

    /// Writes the visit's fields, its team as `place`, its carers' instants as offsets from the
    /// planned start.
    func write(to writer: inout FoldStateWriter, team place: Int) {
        writer.string(personId)
        writer.count(place)
        writer.instant(plannedStart)
        writer.int(plannedMinutes)
        writer.int(carersNeeded)
        var flags: UInt64 = 0
        if timeCritical { flags |= Self.timeCriticalFlag }
        if missedRecorded { flags |= Self.missedFlag }
        if cancelledRecorded { flags |= Self.cancelledFlag }
        writer.unsigned(flags)
        writer.count(carers.count)
        for carer in carers { carer.write(to: &writer, from: plannedStart) }
    }

    @inline(__always)
    init(from cursor: inout FoldStateCursor, teams: borrowing [String]) throws(FoldStateDecodingError) {
        personId = try cursor.string()
        let place = try cursor.unsigned()
        guard place < UInt64(teams.count) else {
            throw FoldStateDecodingError(offset: cursor.offset, expected: "a team")
        }
        team = teams[Int(place)]
        plannedStart = Timestamp(millisecondsSinceEpoch: try cursor.signed())
        plannedMinutes = try cursor.int()
        carersNeeded = try cursor.int()
        let flags = try cursor.unsigned()
        guard flags < 8 else { throw FoldStateDecodingError(offset: cursor.offset, expected: "a visit's flags") }
        timeCritical = flags & Self.timeCriticalFlag != 0
        missedRecorded = flags & Self.missedFlag != 0
        cancelledRecorded = flags & Self.cancelledFlag != 0
        let count = try cursor.count()
        carers = []
        carers.reserveCapacity(count)
        for _ in 0..<count { carers.append(try VisitDeliveryAttendance(from: &cursor, from: plannedStart)) }
    }
}

extension VisitDeliveryAttendance {
    private static let checkedInFlag: UInt64 = 1
    private static let checkedOutFlag: UInt64 = 2
    private static let manualFlag: UInt64 = 4

    fileprivate func write(to writer: inout FoldStateWriter, from plannedStart: Timestamp) {
        writer.string(staffId)
        var flags: UInt64 = 0
        if checkedInAt != nil { flags |= Self.checkedInFlag }
        if checkedOutAt != nil { flags |= Self.checkedOutFlag }
        if manual { flags |= Self.manualFlag }
        writer.unsigned(flags)
        for instant in [checkedInAt, checkedOutAt].compactMap(\.self) {
            writer.signed(instant.millisecondsSinceEpoch &- plannedStart.millisecondsSinceEpoch)
        }
    }

    fileprivate init(from cursor: inout FoldStateCursor, from plannedStart: Timestamp) throws(FoldStateDecodingError) {
        staffId = try cursor.string()
        let flags = try cursor.unsigned()
        guard flags < 8 else { throw FoldStateDecodingError(offset: cursor.offset, expected: "an attendance's flags") }
        if flags & Self.checkedInFlag != 0 {
            checkedInAt = Timestamp(
                millisecondsSinceEpoch: plannedStart.millisecondsSinceEpoch &+ (try cursor.signed()))
        }
        if flags & Self.checkedOutFlag != 0 {
            checkedOutAt = Timestamp(
                millisecondsSinceEpoch: plannedStart.millisecondsSinceEpoch &+ (try cursor.signed()))
        }
        manual = flags & Self.manualFlag != 0
    }
}
