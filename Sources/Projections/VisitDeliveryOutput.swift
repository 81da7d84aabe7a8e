import CareCalendar

/// The visit-delivery figures for a period: the whole service, and the rows of each grouping.
public struct VisitDeliveryOutput: Hashable, Sendable {
    /// The period counted (cut at the reporting date).
    public var period: ClosedRange<CareDate>
    /// Every visit once.
    public var service: VisitDeliveryFigures
    /// One row per team, by team id.
    public var byTeam: [VisitDeliveryFigures]
    /// One row per carer who checked in, by staff id, then ``VisitDelivery/unattendedGroup``.
    /// A visit counts once for each carer who checked in, with that carer's own times.
    public var byCarer: [VisitDeliveryFigures]
    /// One row per person, by person id.
    public var byPerson: [VisitDeliveryFigures]
    /// Each team's tally of the visits these figures count (nil for an output made by hand):
    /// what ``limited(toTeams:)`` adds again for a scope.
    var tallies: [String: VisitDeliveryTally]?

    /// Creates the output.
    public init(
        period: ClosedRange<CareDate>, service: VisitDeliveryFigures, byTeam: [VisitDeliveryFigures],
        byCarer: [VisitDeliveryFigures], byPerson: [VisitDeliveryFigures]
    ) {
        self.period = period
        self.service = service
        self.byTeam = byTeam
        self.byCarer = byCarer
        self.byPerson = byPerson
    }

    /// The rows of `grouping`.
    public func rows(_ grouping: VisitDeliveryGrouping) -> [VisitDeliveryFigures] {
        switch grouping {
        case .team: byTeam
        case .carer: byCarer
        case .person: byPerson
        }
    }
}
