/// The people of one team (within one locality) on the reviews-due list, most urgent first.
public struct ReviewsDueTeam: Hashable, Sendable {
    /// The team id.
    public var team: String
    /// The locality, if recorded.
    public var locality: String?
    /// The people, by status, then due date, then person id.
    public var people: [ReviewsDueEntry]

    /// Creates a team group.
    public init(team: String, locality: String?, people: [ReviewsDueEntry]) {
        self.team = team
        self.locality = locality
        self.people = people
    }

    /// How many people have `status`.
    public func count(of status: ReviewStatus) -> Int { people.count { $0.status == status } }
}
