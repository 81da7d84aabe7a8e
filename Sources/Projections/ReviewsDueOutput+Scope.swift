extension ReviewsDueOutput {
    /// The list limited to the groups of `teams` (a team or service scope): the people whose
    /// latest `ServiceStarted` as at the reporting date names one of those teams.
    public func limited(toTeams teams: Set<String>) -> ReviewsDueOutput {
        ReviewsDueOutput(asAt: asAt, teams: self.teams.filter { teams.contains($0.team) })
    }
}
