import CareRecord

/// What one team's visits in flight add to its figures, each counted as it stands at the
/// window's end (``ComplianceVisit/standing(rules:window:)``), and how many there are. A saved
/// compliance state keeps these per team, so `Compliance.output()` adds them instead of walking
/// every saved visit; a fold resumed from the state subtracts a saved visit's share when an event
/// takes it out of the saved ones.
struct ComplianceVisitTotals: Hashable, Sendable {
    /// How many visits in flight (a team with any is listed, even when none of them counts yet).
    var inFlight = 0
    /// Their share of ``ComplianceMeasures/missedVisits``.
    var missedVisits = ComplianceRatio()
    /// Their share of ``ComplianceMeasures/visitsVerifiedElectronically``.
    var visitsVerifiedElectronically = ComplianceRatio()
    /// Their share of ``ComplianceMeasures/visitsOnTime``.
    var visitsOnTime = ComplianceRatio()

    /// Adds `visit` as it stands at the window's end (`sign` 1), or takes it away (`sign` -1):
    /// the counts `ComplianceVisit.count(_:into:rules:)` makes for that standing.
    mutating func add(_ visit: ComplianceVisit, sign: Int, rules: RulesAdopted, window: ComplianceWindow) {
        inFlight += sign
        switch visit.standing(rules: rules, window: window) {
        case .cancelledByPerson, .notYetDue:
            return
        case .cancelledByProvider:
            missedVisits.record(false, sign: sign)
        case .missed:
            missedVisits.record(true, sign: sign)
        case .delivered:
            missedVisits.record(false, sign: sign)
            visitsVerifiedElectronically.record(visit.allElectronic && visit.checkOuts > 0, sign: sign)
            visitsOnTime.record(visit.isOnTime(rules: rules), sign: sign)
        }
    }

    /// The sum of two teams' totals (or of two parts of one team's).
    static func + (lhs: Self, rhs: Self) -> Self {
        Self(
            inFlight: lhs.inFlight + rhs.inFlight, missedVisits: lhs.missedVisits + rhs.missedVisits,
            visitsVerifiedElectronically: lhs.visitsVerifiedElectronically + rhs.visitsVerifiedElectronically,
            visitsOnTime: lhs.visitsOnTime + rhs.visitsOnTime)
    }

    /// Adds the totals into a team's measures.
    func count(into measures: inout ComplianceMeasures) {
        measures.missedVisits = measures.missedVisits + missedVisits
        measures.visitsVerifiedElectronically = measures.visitsVerifiedElectronically + visitsVerifiedElectronically
        measures.visitsOnTime = measures.visitsOnTime + visitsOnTime
    }

    /// Whether nothing is counted (no visit in flight, all shares zero).
    var isEmpty: Bool { self == Self() }
}

extension ComplianceRatio {
    /// Counts one case (`sign` 1) or takes one away (`sign` -1).
    fileprivate mutating func record(_ met: Bool, sign: Int) {
        denominator += sign
        if met { numerator += sign }
    }
}
