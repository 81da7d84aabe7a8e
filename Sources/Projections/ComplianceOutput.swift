import CareCalendar
import CareRecord

/// The compliance figures for a period: each team's measures and the whole service's.
public struct ComplianceOutput: Hashable, Sendable {
    /// The days counted: the period, cut at the reporting date.
    public var period: ClosedRange<CareDate>
    /// One entry per team, by team id.
    public var teams: [ComplianceMeasures]
    /// The whole service (the sum of the teams).
    public var service: ComplianceMeasures
    /// Every complaint time limit that fell due in the period, earliest first: what the
    /// complaint measures count, per complaint.
    public var complaintDeadlines: [ComplaintDeadline]

    /// Creates an output.
    public init(
        period: ClosedRange<CareDate>, teams: [ComplianceMeasures], service: ComplianceMeasures,
        complaintDeadlines: [ComplaintDeadline] = []
    ) {
        self.period = period
        self.teams = teams
        self.service = service
        self.complaintDeadlines = complaintDeadlines
    }

    /// One team's measures, or nil when the team had nothing to count.
    public func measures(for team: String) -> ComplianceMeasures? { teams.first { $0.team == team } }

    /// The numerator and denominator of an indicator measure for a team (nil: the whole
    /// service), or nil when there is no data.
    public func value(of measure: ComplianceMeasure, team: String? = nil) -> (numerator: Int, denominator: Int)? {
        guard let team else { return service.value(of: measure) }
        return measures(for: team)?.value(of: measure)
    }
}
