import CareCalendar

/// The reviews-due list as at a date: every person with an active service, grouped by
/// locality and team (both in ascending order).
public struct ReviewsDueOutput: Hashable, Sendable {
    /// The reporting date.
    public var asAt: CareDate
    /// The groups, ordered by locality (none first), then team.
    public var teams: [ReviewsDueTeam]

    /// Creates an output.
    public init(asAt: CareDate, teams: [ReviewsDueTeam]) {
        self.asAt = asAt
        self.teams = teams
    }

    /// Every listed person, in group order.
    public var people: [ReviewsDueEntry] { teams.flatMap(\.people) }

    /// The entry for one person, if listed.
    public func entry(for personId: String) -> ReviewsDueEntry? { people.first { $0.personId == personId } }
}
