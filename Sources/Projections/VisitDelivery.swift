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
/// saved position. A saved state keeps its visits in place (``SavedVisits``) with each team's
/// tally of them (``VisitDeliveryTally``): a resumed fold takes out only the visits its events
/// touch, and ``output()`` adds the saved tallies to those of the visits it holds.
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
    /// Visits not in `saved` (all of them, for a fold that started from nothing).
    private var visits: [String: VisitDeliveryVisit] = [:]
    /// Visits as read from the saved state resumed, read in place: an event about one takes it
    /// into `visits` (``holds(_:)``).
    private var saved: SavedVisits<VisitDeliveryVisit>?
    /// The places in `saved` of the visits taken out of it.
    private var taken: Set<Int> = []
    /// What the visits of `saved` not taken add to each team's rows.
    private var savedTallies: [String: VisitDeliveryTally] = [:]
    /// Whether a saved visit an event looked up did not read back, or its share was not in its
    /// team's tally (the runner then folds again from the first event).
    private var damaged = false

    /// An empty tally for the context's period and rules.
    public init(context: ProjectionContext) {
        rules = context.rules
        window = ComplianceWindow(period: context.parameters.period, asAt: context.parameters.asAt)
    }

    /// The fold's name in the projection checkpoints' keys.
    public static let foldName = "visit-delivery"
    /// Raise when the fold or ``VisitDeliveryFoldState`` changes.
    public static let foldVersion = 2

    /// A tally for the context that continues from a saved state.
    public init(context: ProjectionContext, resuming state: VisitDeliveryFoldState) {
        self.init(context: context)
        teams = state.teams
        visits = state.visits
        saved = state.saved
        taken = state.taken
        savedTallies = state.savedTallies
    }

    /// The state after the last event folded.
    public var foldState: VisitDeliveryFoldState {
        VisitDeliveryFoldState(
            teams: teams, visits: visits, saved: saved, taken: taken, savedTallies: savedTallies,
            visitTallies: tallies(of: visits))
    }

    /// Whether a saved visit an event looked up did not read back: the state resumed is damaged,
    /// and this fold's output must not be used.
    public var resumedStateIsDamaged: Bool { damaged }

    /// Folds one event.
    public mutating func apply(_ event: CareEvent, recorded: RecordedEvent) {
        let id = recorded.stream.idString
        switch event {
        case .serviceStarted(let started):
            guard started.firstServiceOn <= window.end else { return }
            teams[id] = started.team
        case .visitScheduled(let scheduled):
            guard window.contains(scheduled.plannedStart) else {
                if holds(id) { visits[id] = nil }
                return
            }
            var visit = VisitDeliveryVisit(
                scheduled: scheduled, team: scheduled.team ?? teams[scheduled.personId] ?? Self.unassignedTeam)
            if holds(id), let earlier = visits[id] {
                visit.carers = earlier.carers
                visit.missedRecorded = earlier.missedRecorded
                visit.cancelledRecorded = earlier.cancelledRecorded
            }
            visits[id] = visit
        case .visitCheckedIn(let checkIn):
            guard window.isKnown(checkIn.checkedInAt), holds(id) else { return }
            visits[id]?.update(checkIn.staffId) { $0.checkedIn(at: checkIn.checkedInAt, method: checkIn.method) }
        case .visitCheckedOut(let checkOut):
            guard window.isKnown(checkOut.checkedOutAt), holds(id) else { return }
            visits[id]?.update(checkOut.staffId) { $0.checkedOut(at: checkOut.checkedOutAt, method: checkOut.method) }
        case .visitMissed(let missed):
            guard window.isKnown(missed.detectedAt), holds(id) else { return }
            visits[id]?.missedRecorded = true
        case .visitCancelled(let cancelled):
            guard window.isKnown(cancelled.cancelledAt), holds(id) else { return }
            visits[id]?.cancelledRecorded = true
        default:
            return
        }
    }

    /// Whether the visit `id` is in `visits`, taking it out of the saved visits first if it is
    /// there.
    @inline(__always)
    private mutating func holds(_ id: String) -> Bool {
        if visits[id] != nil { return true }
        return saved != nil && takeSaved(id)
    }

    /// Moves the saved visit `id`, if there is one not yet taken, into `visits`, and takes its
    /// share out of `savedTallies`; false when there is none (or its entry is damaged, which
    /// marks the fold as resumed from a damaged state).
    @inline(never)
    private mutating func takeSaved(_ id: String) -> Bool {
        guard let saved else { return false }
        switch saved.find(id) {
        case .absent:
            return false
        case .damaged:
            damaged = true
            return false
        case .found(let place, let visit):
            guard taken.insert(place).inserted else { return false }
            if !savedTallies[visit.team, default: VisitDeliveryTally(team: visit.team)].add(
                visit, sign: -1, rules: rules, window: window)
            {
                damaged = true
            }
            visits[id] = visit
            return true
        }
    }

    /// Each team's tally of `visits`.
    private func tallies(of visits: [String: VisitDeliveryVisit]) -> [String: VisitDeliveryTally] {
        var tallies: [String: VisitDeliveryTally] = [:]
        for visit in visits.values {
            tallies[visit.team, default: VisitDeliveryTally(team: visit.team)].add(
                visit, sign: 1, rules: rules, window: window)
        }
        return tallies
    }

    /// The figures, every visit classified as it stands at the window's end.
    public func output() -> VisitDeliveryOutput {
        var tallies = savedTallies
        for visit in visits.values {
            tallies[visit.team, default: VisitDeliveryTally(team: visit.team)].add(
                visit, sign: 1, rules: rules, window: window)
        }
        return Self.output(period: window.start...window.end, tallies: tallies)
    }

    /// The figures of the teams' tallies: the whole service and the rows of each grouping, each
    /// row the sum of its teams' parts. The output keeps the tallies, so a team or service scope
    /// can be read out of it (``VisitDeliveryOutput/limited(toTeams:)``).
    static func output(period: ClosedRange<CareDate>, tallies: [String: VisitDeliveryTally]) -> VisitDeliveryOutput {
        var service = VisitDeliveryFigures(group: nil)
        var byTeam: [VisitDeliveryFigures] = []
        var byCarer: [String: VisitDeliveryFigures] = [:]
        var byPerson: [String: VisitDeliveryFigures] = [:]
        var kept: [String: VisitDeliveryTally] = [:]
        for (team, tally) in tallies.sorted(by: { $0.key < $1.key }) where !tally.isEmpty {
            let tally = tally.normalized
            kept[team] = tally
            service.add(tally.team)
            byTeam.append(tally.team)
            for (carer, figures) in tally.carers {
                byCarer[carer, default: VisitDeliveryFigures(group: carer)].add(figures)
            }
            for (person, figures) in tally.people {
                byPerson[person, default: VisitDeliveryFigures(group: person)].add(figures)
            }
        }
        func finished(_ table: [String: VisitDeliveryFigures]) -> [VisitDeliveryFigures] {
            table.sorted { $0.key < $1.key }.map { Self.sorted($0.value) }
        }
        var carers = finished(byCarer.filter { $0.key != Self.unattendedGroup })
        if let unattended = byCarer[Self.unattendedGroup] { carers.append(Self.sorted(unattended)) }
        var output = VisitDeliveryOutput(
            period: period, service: Self.sorted(service), byTeam: byTeam, byCarer: carers,
            byPerson: finished(byPerson))
        output.tallies = kept
        return output
    }

    private static func sorted(_ figures: VisitDeliveryFigures) -> VisitDeliveryFigures {
        var figures = figures
        figures.offsets.sort()
        return figures
    }
}
