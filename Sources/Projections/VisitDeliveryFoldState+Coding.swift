import CareRecord

// The compact binary form of visit delivery's fold state (``FoldStateWriter``). Each type writes
// every stored field in declaration order; `FoldStateCodingTests` checks that a state read back
// equals the one written. Raise `VisitDelivery.foldVersion` when a field is added, removed or
// reordered.

extension VisitDeliveryFoldState: FoldStateCodable {
    public func write(to writer: inout FoldStateWriter) {
        writer.array(teams.sorted { $0.key < $1.key }) {
            $0.string($1.key)
            $0.string($1.value)
        }
        writer.dictionary(visits)
    }

    public init(from reader: inout FoldStateReader) throws(FoldStateDecodingError) {
        let pairs = try reader.array { reader throws(FoldStateDecodingError) in
            (try reader.string(), try reader.string())
        }
        teams = Dictionary(pairs, uniquingKeysWith: { _, last in last })
        visits = try reader.dictionary(VisitDeliveryVisit.self)
    }
}

extension VisitDeliveryVisit: FoldStateCodable {
    func write(to writer: inout FoldStateWriter) {
        writer.string(personId)
        writer.string(team)
        writer.instant(plannedStart)
        writer.int(plannedMinutes)
        writer.int(carersNeeded)
        writer.bool(timeCritical)
        writer.array(carers) { $0.value($1) }
        writer.bool(missedRecorded)
        writer.bool(cancelledRecorded)
    }

    init(from reader: inout FoldStateReader) throws(FoldStateDecodingError) {
        personId = try reader.string()
        team = try reader.string()
        plannedStart = try reader.instant()
        plannedMinutes = try reader.int()
        carersNeeded = try reader.int()
        timeCritical = try reader.bool()
        carers = try reader.array { reader throws(FoldStateDecodingError) in
            try reader.value(VisitDeliveryAttendance.self)
        }
        missedRecorded = try reader.bool()
        cancelledRecorded = try reader.bool()
    }
}

extension VisitDeliveryAttendance: FoldStateCodable {
    func write(to writer: inout FoldStateWriter) {
        writer.string(staffId)
        writer.optional(checkedInAt) { $0.instant($1) }
        writer.optional(checkedOutAt) { $0.instant($1) }
        writer.bool(manual)
    }

    init(from reader: inout FoldStateReader) throws(FoldStateDecodingError) {
        staffId = try reader.string()
        checkedInAt = try reader.optional { reader throws(FoldStateDecodingError) in try reader.instant() }
        checkedOutAt = try reader.optional { reader throws(FoldStateDecodingError) in try reader.instant() }
        manual = try reader.bool()
    }
}
