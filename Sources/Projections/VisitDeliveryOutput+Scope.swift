extension VisitDeliveryOutput {
    /// The figures limited to `teams` (a team or service scope): the visits attributed to those
    /// teams — the visit's own team, else its person's team when it was scheduled, as the team
    /// rows and the compliance report attribute it — counted as the whole report counts every
    /// visit: the whole-service row, and the team, carer and person rows of those visits only.
    /// So each of the scope's team rows is the partnership report's row for that team; a
    /// person's row holds their visits attributed to the scope; a carer's row, their visits to
    /// the scope's people. An output made by hand (no visits kept) limits to no visits.
    public func limited(toTeams teams: Set<String>) -> VisitDeliveryOutput {
        guard let tallies else {
            return VisitDeliveryOutput(
                period: period, service: VisitDeliveryFigures(group: nil), byTeam: [], byCarer: [], byPerson: [])
        }
        return VisitDelivery.output(period: period, tallies: tallies.filter { teams.contains($0.key) })
    }
}
