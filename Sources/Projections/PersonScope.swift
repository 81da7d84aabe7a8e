/// The teams and localities (services) a person's record belongs to on a day, as the access
/// policy matches them against a grant's scope.
public struct PersonScope: Hashable, Sendable {
    /// Team ids: the team of the person's service, and of any visit planned that day.
    public var teams: Set<String>
    /// Locality ids of the person's service (a `service:<id>` scope matches these).
    public var localities: Set<String>

    /// Creates a scope.
    public init(teams: Set<String> = [], localities: Set<String> = []) {
        self.teams = teams
        self.localities = localities
    }
}
