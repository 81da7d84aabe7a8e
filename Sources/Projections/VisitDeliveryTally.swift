import CareRecord

/// What one team's visits add to the visit-delivery rows: the team's row, and each carer's and
/// each person's part of their rows from the team's visits, every visit counted as it stands at
/// the window's end. The rows are sums of these parts, so a saved state keeps a tally per team
/// beside its visits: `VisitDelivery.output()` adds the tallies instead of counting every visit,
/// a fold resumed from the state takes a saved visit's share away when an event changes it, and a
/// team or service scope adds only its teams' tallies (``VisitDeliveryOutput/limited(toTeams:)``).
struct VisitDeliveryTally: Hashable, Sendable {
    /// The team's row.
    var team: VisitDeliveryFigures
    /// Each carer's part (by staff id, and ``VisitDelivery/unattendedGroup``).
    var carers: [String: VisitDeliveryFigures] = [:]
    /// Each person's part (by person id).
    var people: [String: VisitDeliveryFigures] = [:]

    /// Nothing counted yet for `team`.
    init(team: String) { self.team = VisitDeliveryFigures(group: team) }

    /// Adds `visit` as it stands at the window's end (`sign` 1), or takes it away (`sign` -1),
    /// counting it as the whole report counts it. False when taking it away finds an offset that
    /// was never counted (a damaged state).
    @discardableResult
    mutating func add(_ visit: VisitDeliveryVisit, sign: Int, rules: RulesAdopted, window: ComplianceWindow) -> Bool {
        let outcome = visit.outcome(
            missedThresholdMinutes: rules.missedVisitThresholdMinutes, endInstant: window.endInstant)
        let attendees = visit.attendees
        let combined = visit.combinedAttendance
        var intact = team.count(
            visit, outcome: outcome, attendance: combined, attendees: attendees.count, rules: rules, sign: sign)
        // In place: a copy taken out of the table would copy its growing arrays on every visit.
        if !people[visit.personId, default: VisitDeliveryFigures(group: visit.personId)].count(
            visit, outcome: outcome, attendance: combined, attendees: attendees.count, rules: rules, sign: sign)
        {
            intact = false
        }
        if attendees.isEmpty {
            carers[VisitDelivery.unattendedGroup, default: VisitDeliveryFigures(group: VisitDelivery.unattendedGroup)]
                .count(visit, outcome: outcome, attendance: nil, attendees: 0, rules: rules, sign: sign)
        }
        for carer in attendees
        where !carers[carer.staffId, default: VisitDeliveryFigures(group: carer.staffId)].count(
            visit, outcome: outcome, attendance: carer, attendees: attendees.count, rules: rules, sign: sign)
        {
            intact = false
        }
        return intact
    }

    /// Adds `other`'s parts (the same team's other visits).
    mutating func add(_ other: VisitDeliveryTally) {
        team.add(other.team)
        carers.merge(other.carers) { mine, theirs in
            var sum = mine
            sum.add(theirs)
            return sum
        }
        people.merge(other.people) { mine, theirs in
            var sum = mine
            sum.add(theirs)
            return sum
        }
    }

    /// Whether no visit is counted.
    var isEmpty: Bool { team.planned == 0 }

    /// The same tally with its offsets ascending and the carers and people with no visit left
    /// out: equal tallies of the same visits, however they were added and taken away.
    var normalized: VisitDeliveryTally {
        var tally = self
        tally.team.offsets.sort()
        tally.carers = carers.filter { $0.value.planned != 0 }.mapValues(Self.ascending)
        tally.people = people.filter { $0.value.planned != 0 }.mapValues(Self.ascending)
        return tally
    }

    private static func ascending(_ figures: VisitDeliveryFigures) -> VisitDeliveryFigures {
        var figures = figures
        figures.offsets.sort()
        return figures
    }
}
