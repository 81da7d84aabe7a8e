extension ComplianceTrendOutput {
    /// Each month's figures limited to `teams` (a team or service scope), as the compliance
    /// report limits one period (``ComplianceOutput/limited(toTeams:)``): so each month is the
    /// scoped compliance report for that month alone.
    public func limited(toTeams teams: Set<String>) -> ComplianceTrendOutput {
        ComplianceTrendOutput(
            months: months.map { Month(period: $0.period, compliance: $0.compliance.limited(toTeams: teams)) })
    }
}
