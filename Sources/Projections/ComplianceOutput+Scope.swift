extension ComplianceOutput {
    /// The figures limited to `teams` (a team or service scope): those teams' measures, the
    /// whole-service measures recomputed as their sum (as ``Compliance`` sums every team), and
    /// the complaint deadlines of complaints attributed to them.
    public func limited(toTeams teams: Set<String>) -> ComplianceOutput {
        let kept = self.teams.filter { measures in measures.team.map { teams.contains($0) } ?? false }
        var scoped = ComplianceMeasures(team: nil)
        scoped.trainingByCourse = service.trainingByCourse.map {
            TrainingCourseCompliance(course: $0.course, current: ComplianceRatio())
        }
        for team in kept { scoped.add(team) }
        return ComplianceOutput(
            period: period, teams: kept, service: scoped,
            complaintDeadlines: complaintDeadlines.filter { teams.contains($0.team) })
    }
}
