import CareCalendar
import CareRecord
import EventLog

// The compact binary form of compliance's fold state (``FoldStateWriter``), version 3 of the
// fold (`Compliance.foldVersion`): the team names once; every person; the visits in flight as a
// table read in place (``SavedVisits``), then what they add to each team's figures
// (``ComplianceVisitTotals``); every complaint, notification and member of staff; the counted
// measures. Teams are numbers into the team table, dates day numbers. Each type writes every
// stored field in a fixed order; `FoldStateCodingTests` checks that a state read back equals the
// one written and that no prefix of it is read. Raise `Compliance.foldVersion` when a field is
// added, removed or reordered.

extension ComplianceFoldState: FoldStateCodable {
    public func write(to writer: inout FoldStateWriter) {
        var teams = TeamTable()
        // The saved visits' teams first, in their order: their entries are copied with their places.
        for team in saved?.teams ?? [] { teams.add(team) }
        for person in people.values { teams.add(person.team) }
        for visit in visits.values { teams.add(visit.team) }
        for complaint in complaints.values { teams.add(complaint.team) }
        for notification in notifications.values { teams.add(notification.team) }
        for member in staff.values { teams.add(member.team) }
        writer.array(teams.names) { $0.string($1) }
        // Each table as its count, then id and entry in turn (read back by `init(from:)`'s `entries`).
        func entries<Value>(_ table: [String: Value], _ write: (Value, inout FoldStateWriter) -> Void) {
            writer.count(table.count)
            for (id, value) in table {
                writer.string(id)
                write(value, &writer)
            }
        }
        entries(people) { $0.write(to: &$1, teams: teams) }
        SavedVisits.write(saved: saved, taken: taken, added: visits, place: teams.place(of:), to: &writer)
        let totals = self.totals.sorted { $0.key < $1.key }
        writer.count(totals.count)
        for (team, figures) in totals {
            writer.team(team, in: teams)
            writer.int(figures.inFlight)
            for ratio in [figures.missedVisits, figures.visitsVerifiedElectronically, figures.visitsOnTime] {
                writer.value(ratio)
            }
        }
        entries(complaints) { $0.write(to: &$1, teams: teams) }
        entries(notifications) { $0.write(to: &$1, teams: teams) }
        entries(staff) { $0.write(to: &$1, teams: teams) }
        writer.dictionary(counted)
    }

    public init(from reader: inout FoldStateReader) throws(FoldStateDecodingError) {
        let teams = try reader.array { reader throws(FoldStateDecodingError) in try reader.string() }
        guard Set(teams).count == teams.count else {
            throw FoldStateDecodingError(offset: 0, expected: "distinct team names")
        }
        func entries<Value>(_ read: (inout FoldStateReader) throws(FoldStateDecodingError) -> Value)
            throws(FoldStateDecodingError) -> [String: Value]
        {
            let count = try reader.count()
            var table: [String: Value] = [:]
            table.reserveCapacity(count)
            for _ in 0..<count {
                let id = try reader.string()
                table[id] = try read(&reader)
            }
            guard table.count == count else { throw FoldStateDecodingError(offset: 0, expected: "distinct keys") }
            return table
        }
        people = try entries { reader throws(FoldStateDecodingError) in
            try CompliancePerson(from: &reader, teams: teams)
        }
        // The largest table (a visit in flight per double-handed visit of the period): kept in
        // place, its entries read only where a later event touches them.
        let saved = try SavedVisits<ComplianceVisit>(from: &reader, teams: teams)
        let teamCount = try reader.count()
        var totals: [String: ComplianceVisitTotals] = [:]
        var inFlight = 0
        for _ in 0..<teamCount {
            let team = try reader.team(in: teams)
            let figures = ComplianceVisitTotals(
                inFlight: try reader.int(), missedVisits: try reader.value(ComplianceRatio.self),
                visitsVerifiedElectronically: try reader.value(ComplianceRatio.self),
                visitsOnTime: try reader.value(ComplianceRatio.self))
            guard figures.inFlight >= 0, totals.updateValue(figures, forKey: team) == nil else {
                throw FoldStateDecodingError(offset: 0, expected: "a team's visit totals")
            }
            inFlight += figures.inFlight
        }
        guard inFlight == saved.count else {
            throw FoldStateDecodingError(offset: 0, expected: "visit totals that count every saved visit")
        }
        self.saved = saved.count > 0 ? saved : nil
        visits = [:]
        taken = []
        savedTotals = totals
        visitTotals = [:]
        complaints = try entries { reader throws(FoldStateDecodingError) in
            try ComplianceComplaint(from: &reader, teams: teams)
        }
        notifications = try entries { reader throws(FoldStateDecodingError) in
            try ComplianceNotification(from: &reader, teams: teams)
        }
        staff = try entries { reader throws(FoldStateDecodingError) in
            try ComplianceStaff(from: &reader, teams: teams)
        }
        counted = try reader.dictionary(ComplianceMeasures.self)
    }
}

/// The team names of a state, each written once and referred to by its place.
private struct TeamTable {
    private(set) var names: [String] = []
    private var places: [String: Int] = [:]

    mutating func add(_ team: String) {
        guard places[team] == nil else { return }
        places[team] = names.count
        names.append(team)
    }

    func place(of team: String) -> Int { places[team] ?? 0 }
}

extension FoldStateWriter {
    /// Appends a team as its place in `teams`.
    fileprivate mutating func team(_ team: String, in teams: TeamTable) { count(teams.place(of: team)) }
}

extension FoldStateReader {
    /// Reads a team written as its place in `teams`.
    fileprivate mutating func team(in teams: [String]) throws(FoldStateDecodingError) -> String {
        let place = try unsigned()
        guard place < UInt64(teams.count) else { throw FoldStateDecodingError(offset: 0, expected: "a team") }
        return teams[Int(place)]
    }

    /// Reads an optional day number.
    fileprivate mutating func optionalDay() throws(FoldStateDecodingError) -> CareDate? {
        try optional { reader throws(FoldStateDecodingError) in try reader.day() }
    }
}

extension CompliancePerson {
    fileprivate func write(to writer: inout FoldStateWriter, teams: TeamTable) {
        writer.team(team, in: teams)
        writer.day(firstServiceOn)
        writer.optional(endedOn) { $0.day($1) }
        writer.optional(planPreparedOn) { $0.day($1) }
        writer.array(reviews) { $0.day($1) }
    }

    fileprivate init(from reader: inout FoldStateReader, teams: borrowing [String]) throws(FoldStateDecodingError) {
        team = try reader.team(in: teams)
        firstServiceOn = try reader.day()
        endedOn = try reader.optionalDay()
        planPreparedOn = try reader.optionalDay()
        reviews = try reader.array { reader throws(FoldStateDecodingError) in try reader.day() }
    }
}

extension ComplianceComplaint {
    fileprivate func write(to writer: inout FoldStateWriter, teams: TeamTable) {
        writer.team(team, in: teams)
        writer.day(receivedOn)
        writer.catalogue(startsAt)
        writer.optional(acknowledgedOn) { $0.day($1) }
        writer.optional(stage1RespondedOn) { $0.day($1) }
        writer.bool(stage1ExtensionAgreed)
        writer.optional(stage2StartedOn) { $0.day($1) }
        writer.optional(stage2AcknowledgedOn) { $0.day($1) }
        writer.optional(stage2RespondedOn) { $0.day($1) }
        writer.optional(withdrawnOn) { $0.day($1) }
    }

    fileprivate init(from reader: inout FoldStateReader, teams: borrowing [String]) throws(FoldStateDecodingError) {
        team = try reader.team(in: teams)
        receivedOn = try reader.day()
        startsAt = try reader.catalogue(ComplaintStage.self)
        acknowledgedOn = try reader.optionalDay()
        stage1RespondedOn = try reader.optionalDay()
        stage1ExtensionAgreed = try reader.bool()
        stage2StartedOn = try reader.optionalDay()
        stage2AcknowledgedOn = try reader.optionalDay()
        stage2RespondedOn = try reader.optionalDay()
        withdrawnOn = try reader.optionalDay()
    }
}

extension ComplianceNotification {
    fileprivate func write(to writer: inout FoldStateWriter, teams: TeamTable) {
        writer.team(team, in: teams)
        writer.catalogue(category)
        writer.instant(submittedAt)
        writer.instant(becameAwareAt)
    }

    fileprivate init(from reader: inout FoldStateReader, teams: borrowing [String]) throws(FoldStateDecodingError) {
        team = try reader.team(in: teams)
        category = try reader.catalogue(NotificationCategory.self)
        submittedAt = try reader.instant()
        becameAwareAt = try reader.instant()
    }
}

extension ComplianceStaff {
    fileprivate func write(to writer: inout FoldStateWriter, teams: TeamTable) {
        writer.team(team, in: teams)
        writer.catalogue(role)
        writer.day(joinedOn)
        writer.optional(leftOn) { $0.day($1) }
        // In the catalogue's order, so equal states write equal bytes.
        writer.array(TrainingCourse.allCases.filter { courseExpiry[$0] != nil }) { writer, course in
            writer.catalogue(course)
            writer.day(courseExpiry[course] ?? ComplianceStaff.neverExpires)
        }
        writer.optional(lastSupervisionOn) { $0.day($1) }
        writer.optional(ssscExpiresOn) { $0.day($1) }
    }

    fileprivate init(from reader: inout FoldStateReader, teams: borrowing [String]) throws(FoldStateDecodingError) {
        team = try reader.team(in: teams)
        role = try reader.catalogue(StaffRole.self)
        joinedOn = try reader.day()
        leftOn = try reader.optionalDay()
        let courses = try reader.array { reader throws(FoldStateDecodingError) in
            (try reader.catalogue(TrainingCourse.self), try reader.day())
        }
        courseExpiry = Dictionary(courses, uniquingKeysWith: { _, last in last })
        lastSupervisionOn = try reader.optionalDay()
        ssscExpiresOn = try reader.optionalDay()
    }
}
extension ComplianceRatio: FoldStateCodable {
    public func write(to writer: inout FoldStateWriter) {
        writer.int(numerator)
        writer.int(denominator)
    }

    public init(from reader: inout FoldStateReader) throws(FoldStateDecodingError) {
        self.init(numerator: try reader.int(), denominator: try reader.int())
    }
}

extension ComplianceMeasures: FoldStateCodable {
    public func write(to writer: inout FoldStateWriter) {
        writer.optional(team) { $0.string($1) }
        for ratio in [
            plansWithinDeadline, reviewsWithinInterval, visitsVerifiedElectronically, visitsOnTime, missedVisits,
            marEntriesWithOutcome, missedMedications,
        ] {
            writer.value(ratio)
        }
        writer.int(medicationErrors)
        writer.int(nearMisses)
        for ratio in [complaintsStage1OnTime, complaintsStage2AcknowledgedOnTime, complaintsStage2OnTime] {
            writer.value(ratio)
        }
        writer.value(notificationsOnTime)
        writer.array(notificationsByCategory) { writer, figure in
            writer.catalogue(figure.category)
            writer.value(figure.onTime)
            writer.int(figure.deadlineHours)
            writer.bool(figure.deadlineConfirmed)
        }
        writer.value(trainingCurrent)
        writer.array(trainingByCourse) { writer, figure in
            writer.catalogue(figure.course)
            writer.value(figure.current)
        }
        writer.value(supervisionWithinInterval)
        writer.value(ssscRegistrationCurrent)
    }

    public init(from reader: inout FoldStateReader) throws(FoldStateDecodingError) {
        self.init(team: try reader.optional { reader throws(FoldStateDecodingError) in try reader.string() })
        plansWithinDeadline = try reader.value(ComplianceRatio.self)
        reviewsWithinInterval = try reader.value(ComplianceRatio.self)
        visitsVerifiedElectronically = try reader.value(ComplianceRatio.self)
        visitsOnTime = try reader.value(ComplianceRatio.self)
        missedVisits = try reader.value(ComplianceRatio.self)
        marEntriesWithOutcome = try reader.value(ComplianceRatio.self)
        missedMedications = try reader.value(ComplianceRatio.self)
        medicationErrors = try reader.int()
        nearMisses = try reader.int()
        complaintsStage1OnTime = try reader.value(ComplianceRatio.self)
        complaintsStage2AcknowledgedOnTime = try reader.value(ComplianceRatio.self)
        complaintsStage2OnTime = try reader.value(ComplianceRatio.self)
        notificationsOnTime = try reader.value(ComplianceRatio.self)
        notificationsByCategory = try reader.array { reader throws(FoldStateDecodingError) in
            NotificationCategoryCompliance(
                category: try reader.catalogue(NotificationCategory.self),
                onTime: try reader.value(ComplianceRatio.self), deadlineHours: try reader.int(),
                deadlineConfirmed: try reader.bool())
        }
        trainingCurrent = try reader.value(ComplianceRatio.self)
        trainingByCourse = try reader.array { reader throws(FoldStateDecodingError) in
            TrainingCourseCompliance(
                course: try reader.catalogue(TrainingCourse.self), current: try reader.value(ComplianceRatio.self))
        }
        supervisionWithinInterval = try reader.value(ComplianceRatio.self)
        ssscRegistrationCurrent = try reader.value(ComplianceRatio.self)
    }
}
