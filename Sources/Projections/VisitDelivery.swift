import CareCalendar
import CareRecord
import EventLog

/// Planned against actual visits for a period (the electronic call monitoring view): delivered,
/// on time, late, early, short, missed, cancelled, unverified and manually verified visits, and
/// visits needing two or more carers attended by fewer, by team, by carer and by person, with
/// punctuality (median and 90th percentile offset of the first check-in) and minutes.
///
/// A visit is counted when its planned start falls in the period (UK date); check-ins,
/// check-outs, missed and cancelled records after the window's end are ignored. The outcome
/// does not depend on the order of the records: any check-in makes the visit delivered, else a
/// cancellation makes it cancelled, else a missed record or the missed-visit threshold passing
/// before the window's end makes it missed, else it is pending. Tolerances come from the rules
/// in force (contract configuration, rules.md §5). Memory grows with the visits in the period.
/// Rules and sources: `Docs/projections.md`, "Visit delivery". Its fold resumes from a projection
/// checkpoint (``ResumableProjection``); it has no decisive days (a visit re-planned outside the
/// period drops out of it, whatever the period), so a resumed fold reads every event after its
/// saved position.
public struct VisitDelivery: ResumableProjection {
    /// The event types read.
    public static let eventTypes: Set<String> = [
        ServiceStarted.eventType, VisitScheduled.eventType, VisitCheckedIn.eventType, VisitCheckedOut.eventType,
        VisitMissed.eventType, VisitCancelled.eventType,
    ]

    /// The team of a visit whose person has no `ServiceStarted` and that names no team.
    public static let unassignedTeam = "unassigned"
    /// The carer row of the visits no carer checked in to (missed, cancelled, pending).
    public static let unattendedGroup = "unattended"

    private let rules: RulesAdopted
    private let window: ComplianceWindow
    private var teams: [String: String] = [:]
    private var visits: [String: VisitDeliveryVisit] = [:]

    /// An empty tally for the context's period and rules.
    public init(context: ProjectionContext) {
        rules = context.rules
        window = ComplianceWindow(period: context.parameters.period, asAt: context.parameters.asAt)
    }

    /// The fold's name in the projection checkpoints' keys.
    public static let foldName = "visit-delivery"
    /// Raise when the fold or ``VisitDeliveryFoldState`` changes.
    public static let foldVersion = 1

    /// A tally for the context that continues from a saved state.
    public init(context: ProjectionContext, resuming state: VisitDeliveryFoldState) {
        self.init(context: context)
        teams = state.teams
        visits = state.visits
    }

    /// The state after the last event folded.
    public var foldState: VisitDeliveryFoldState { VisitDeliveryFoldState(teams: teams, visits: visits) }

    /// Folds one event.
    public mutating func apply(_ event: CareEvent, recorded: RecordedEvent) {
        let id = recorded.stream.idString
        switch event {
        case .serviceStarted(let started):
            guard started.firstServiceOn <= window.end else { return }
            teams[id] = started.team
        case .visitScheduled(let scheduled):
            guard window.contains(scheduled.plannedStart) else {
                visits[id] = nil
                return
            }
            var visit = VisitDeliveryVisit(
                scheduled: scheduled, team: scheduled.team ?? teams[scheduled.personId] ?? Self.unassignedTeam)
            if let earlier = visits[id] {
                visit.carers = earlier.carers
                visit.missedRecorded = earlier.missedRecorded
                visit.cancelledRecorded = earlier.cancelledRecorded
            }
            visits[id] = visit
        case .visitCheckedIn(let checkIn):
            guard window.isKnown(checkIn.checkedInAt), visits[id] != nil else { return }
            visits[id]?.update(checkIn.staffId) { $0.checkedIn(at: checkIn.checkedInAt, method: checkIn.method) }
        case .visitCheckedOut(let checkOut):
            guard window.isKnown(checkOut.checkedOutAt), visits[id] != nil else { return }
            visits[id]?.update(checkOut.staffId) { $0.checkedOut(at: checkOut.checkedOutAt, method: checkOut.method) }
        case .visitMissed(let missed):
            guard window.isKnown(missed.detectedAt), visits[id] != nil else { return }
            visits[id]?.missedRecorded = true
        case .visitCancelled(let cancelled):
            guard window.isKnown(cancelled.cancelledAt), visits[id] != nil else { return }
            visits[id]?.cancelledRecorded = true
        default:
            return
        }
    }

    /// The figures, every visit classified as it stands at the window's end.
    public func output() -> VisitDeliveryOutput {
        Self.tally(
            VisitDeliveryCountedVisits(
                visits: visits.sorted(by: { $0.key < $1.key }).map(\.value), rules: rules, window: window))
    }

    /// The figures of `counted`'s visits: the whole service and the rows of each grouping. The
    /// output keeps the visits, so a team or service scope can be read out of it
    /// (``VisitDeliveryOutput/limited(toTeams:)``).
    static func tally(_ counted: VisitDeliveryCountedVisits) -> VisitDeliveryOutput {
        let rules = counted.rules
        let window = counted.window
        var service = VisitDeliveryFigures(group: nil)
        var byTeam: [String: VisitDeliveryFigures] = [:]
        var byCarer: [String: VisitDeliveryFigures] = [:]
        var byPerson: [String: VisitDeliveryFigures] = [:]
        func count(
            _ table: inout [String: VisitDeliveryFigures], _ group: String, _ visit: VisitDeliveryVisit,
            _ outcome: VisitDeliveryVisit.Outcome, _ attendance: VisitDeliveryAttendance?, _ attendees: Int
        ) {
            // In place: a copy taken out of the table would copy its growing arrays on every visit.
            table[group, default: VisitDeliveryFigures(group: group)].count(
                visit, outcome: outcome, attendance: attendance, attendees: attendees, rules: rules)
        }
        for visit in counted.visits {
            let outcome = visit.outcome(
                missedThresholdMinutes: rules.missedVisitThresholdMinutes, endInstant: window.endInstant)
            let attendees = visit.attendees
            let combined = visit.combinedAttendance
            service.count(visit, outcome: outcome, attendance: combined, attendees: attendees.count, rules: rules)
            count(&byTeam, visit.team, visit, outcome, combined, attendees.count)
            count(&byPerson, visit.personId, visit, outcome, combined, attendees.count)
            if attendees.isEmpty {
                count(&byCarer, Self.unattendedGroup, visit, outcome, nil, 0)
            }
            for carer in attendees {
                count(&byCarer, carer.staffId, visit, outcome, carer, attendees.count)
            }
        }
        func finished(_ table: [String: VisitDeliveryFigures]) -> [VisitDeliveryFigures] {
            table.sorted { $0.key < $1.key }.map { Self.sorted($0.value) }
        }
        var carers = finished(byCarer.filter { $0.key != Self.unattendedGroup })
        if let unattended = byCarer[Self.unattendedGroup] { carers.append(Self.sorted(unattended)) }
        var output = VisitDeliveryOutput(
            period: window.start...window.end, service: Self.sorted(service), byTeam: finished(byTeam),
            byCarer: carers, byPerson: finished(byPerson))
        output.counted = counted
        return output
    }

    private static func sorted(_ figures: VisitDeliveryFigures) -> VisitDeliveryFigures {
        var figures = figures
        figures.offsets.sort()
        return figures
    }
}
