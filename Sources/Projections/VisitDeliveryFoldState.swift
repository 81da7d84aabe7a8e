/// What ``VisitDelivery`` accumulates while it folds: saved at a log position by the projection
/// checkpoints (in the binary form of `VisitDeliveryFoldState+Coding.swift`) and resumed from there.
///
/// The visits are in two parts: those read from a saved state, kept in place as saved
/// (``SavedVisits``) with what they add to each team's rows (``savedTallies``), and those the fold
/// has scheduled or changed since (``visits``). A fold that started from nothing has only the
/// second part.
public struct VisitDeliveryFoldState: Sendable {
    /// Each person's team from their latest `ServiceStarted`.
    var teams: [String: String]
    /// Visits planned in the period not in ``saved``: scheduled since it was read, or taken out
    /// of it by an event and changed.
    var visits: [String: VisitDeliveryVisit]
    /// Visits as read from a saved state (nil: none).
    var saved: SavedVisits<VisitDeliveryVisit>?
    /// The places in ``saved`` of the visits taken out of it since it was read (now in
    /// ``visits``, or dropped).
    var taken: Set<Int>
    /// What the visits of ``saved`` not taken add to each team's rows.
    var savedTallies: [String: VisitDeliveryTally]
    /// What ``visits`` add to each team's rows, as counted by the fold that made the state.
    var visitTallies: [String: VisitDeliveryTally]

    /// Every visit by id, both parts together (for tests and equality: a resumed fold never
    /// builds it). A damaged saved part reads as none.
    var allVisits: [String: VisitDeliveryVisit] {
        guard let saved else { return visits }
        return (saved.visits(skipping: taken) ?? [:]).merging(visits) { _, changed in changed }
    }

    /// What all the visits add to each team's rows (teams with no visit left out, each tally
    /// normalized).
    var tallies: [String: VisitDeliveryTally] {
        savedTallies.merging(visitTallies) { saved, added in
            var sum = saved
            sum.add(added)
            return sum
        }
        .filter { !$0.value.isEmpty }.mapValues(\.normalized)
    }
}

extension VisitDeliveryFoldState: Hashable {
    /// Equal when they hold the same teams, visits and tallies, however the visits are held.
    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.teams == rhs.teams && lhs.tallies == rhs.tallies && lhs.allVisits == rhs.allVisits
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(teams)
        hasher.combine(tallies)
    }
}
