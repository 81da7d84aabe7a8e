/// What ``Compliance`` accumulates while it folds: saved at a log position by the projection
/// checkpoints (in the binary form of `ComplianceFoldState+Coding.swift`) and resumed from there.
///
/// The visits in flight are in two parts: those read from a saved state, kept in place as saved
/// (``SavedVisits``) with what they add to each team's figures (``savedTotals``), and those the
/// fold has scheduled or changed since (``visits``). A fold that started from nothing has only
/// the second part.
public struct ComplianceFoldState: Sendable {
    var people: [String: CompliancePerson]
    /// Visits in flight not in ``saved``: scheduled since it was read, or taken out of it by an
    /// event and changed.
    var visits: [String: ComplianceVisit]
    /// Visits in flight as read from a saved state (nil: none).
    var saved: SavedVisits<ComplianceVisit>?
    /// The places in ``saved`` of the visits taken out of it since it was read (now in
    /// ``visits``, or classified and dropped).
    var taken: Set<Int>
    /// What the visits of ``saved`` not taken add to each team's figures.
    var savedTotals: [String: ComplianceVisitTotals]
    /// What ``visits`` add to each team's figures, as counted by the fold that made the state.
    var visitTotals: [String: ComplianceVisitTotals]
    var complaints: [String: ComplianceComplaint]
    var notifications: [String: ComplianceNotification]
    var staff: [String: ComplianceStaff]
    var counted: [String: ComplianceMeasures]

    /// Every visit in flight by id, both parts together (for tests and equality: a resumed fold
    /// never builds it). A damaged saved part reads as none.
    var allVisits: [String: ComplianceVisit] {
        guard let saved else { return visits }
        return (saved.visits(skipping: taken) ?? [:]).merging(visits) { _, changed in changed }
    }

    /// What all the visits in flight add to each team's figures (teams with nothing counted left out).
    var totals: [String: ComplianceVisitTotals] {
        savedTotals.merging(visitTotals, uniquingKeysWith: +).filter { !$0.value.isEmpty }
    }
}

extension ComplianceFoldState: Hashable {
    /// Equal when they hold the same people, visits in flight, complaints, notifications, staff,
    /// counts and visit totals, however the visits are held.
    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.people == rhs.people && lhs.complaints == rhs.complaints && lhs.notifications == rhs.notifications
            && lhs.staff == rhs.staff && lhs.counted == rhs.counted && lhs.totals == rhs.totals
            && lhs.allVisits == rhs.allVisits
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(people)
        hasher.combine(counted)
        hasher.combine(totals)
    }
}
