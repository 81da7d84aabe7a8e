import CareRecord
import EventLog

/// A visit in flight: scheduled in the window and not yet classified. Dropped once classified.
struct ComplianceVisit: Hashable, Sendable, Codable {
    /// How a visit ended up, for counting.
    enum Outcome: Hashable, Sendable {
        case delivered
        case missed
        case cancelledByPerson
        case cancelledByProvider
        /// No check-in yet, and not yet past the missed-visit threshold at the window's end.
        case notYetDue
    }

    var team: String
    var plannedStart: Timestamp
    var timeCritical: Bool
    var carersNeeded: Int
    var firstCheckIn: Timestamp?
    var checkOuts = 0
    var allElectronic = true

    /// A visit just scheduled (at least one carer needed).
    init(team: String, plannedStart: Timestamp, timeCritical: Bool, carersNeeded: Int) {
        self.team = team
        self.plannedStart = plannedStart
        self.timeCritical = timeCritical
        self.carersNeeded = max(1, carersNeeded)
    }

    /// Whether every carer needed has checked out, so the visit can be classified and dropped.
    var isComplete: Bool { firstCheckIn != nil && checkOuts >= carersNeeded }

    mutating func checkedIn(at instant: Timestamp, method: CheckMethod) {
        firstCheckIn = firstCheckIn.map { min($0, instant) } ?? instant
        if method != .electronic { allElectronic = false }
    }

    mutating func checkedOut(method: CheckMethod) {
        checkOuts += 1
        if method != .electronic { allElectronic = false }
    }

    /// The outcome of a visit with no terminal event, as the window ends.
    func standing(rules: RulesAdopted, window: ComplianceWindow) -> Outcome {
        if firstCheckIn != nil { return .delivered }
        let threshold = Int64(rules.missedVisitThresholdMinutes) * 60_000
        return plannedStart.adding(milliseconds: threshold) < window.endInstant ? .missed : .notYetDue
    }

    /// Counts the visit into `measures`.
    func count(_ outcome: Outcome, into measures: inout ComplianceMeasures, rules: RulesAdopted) {
        switch outcome {
        case .cancelledByPerson, .notYetDue:
            return
        case .cancelledByProvider:
            measures.missedVisits.record(false)
        case .missed:
            measures.missedVisits.record(true)
        case .delivered:
            measures.missedVisits.record(false)
            measures.visitsVerifiedElectronically.record(allElectronic && checkOuts > 0)
            measures.visitsOnTime.record(isOnTime(rules: rules))
        }
    }

    /// Whether the first check-in was within the tolerance either side of the planned start.
    func isOnTime(rules: RulesAdopted) -> Bool {
        guard let checkIn = firstCheckIn else { return false }
        let late = timeCritical ? rules.timeCriticalToleranceMinutes : rules.lateVisitToleranceMinutes
        let early = timeCritical ? rules.timeCriticalToleranceMinutes : rules.earlyVisitToleranceMinutes
        let offset = checkIn.millisecondsSinceEpoch - plannedStart.millisecondsSinceEpoch
        return offset <= Int64(late) * 60_000 && -offset <= Int64(early) * 60_000
    }
}
