import CareRecord

/// The visits a ``VisitDeliveryOutput`` counts, in visit-id order, with the rules and window
/// they were classified under: kept with the output so that a team or service scope is read out
/// of the one fold (``VisitDeliveryOutput/limited(toTeams:)``), not folded again.
struct VisitDeliveryCountedVisits: Hashable, Sendable {
    /// Every visit planned in the period, by visit id.
    var visits: [VisitDeliveryVisit]
    /// The rules in force (tolerances, the missed-visit threshold).
    var rules: RulesAdopted
    /// The period and reporting date.
    var window: ComplianceWindow
}
