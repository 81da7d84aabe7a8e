import EventLog

extension ComplianceTrend {
    /// Each calendar month's parameters: `parameters` with its period cut to the month (the
    /// months of ``months(of:)``), as ``init(context:)`` gives each month's tally.
    public static func monthlyParameters(_ parameters: ProjectionParameters) -> [ProjectionParameters] {
        months(of: parameters.period).map { month in
            var monthly = parameters
            monthly.periodStart = month.lowerBound
            monthly.periodEnd = month.upperBound
            return monthly
        }
    }

    /// The trend at `cut` with each month's ``Compliance`` fold resumed from its own projection
    /// checkpoint in `cache` (the same key as the compliance report for that month, so either
    /// report's saved state serves the other), all months folded in one read of the log from the
    /// earliest position any of them needs, blocks outside every month skipped by the decisive-day
    /// summary, and each month's state saved at the cut. The output is the one
    /// ``ProjectionRunner/run(_:parameters:cut:)`` gives for ``ComplianceTrend`` at the same cut
    /// (`ProjectionCheckpointTests`).
    public static func run(
        parameters: ProjectionParameters, cut: LogCut, store: any EventStore, cache: any FoldStateCache
    ) throws(ProjectionError) -> (output: ComplianceTrendOutput, context: ProjectionContext) {
        let monthly = monthlyParameters(parameters)
        let folds = try ProjectionRunner.run(Compliance.self, parameters: monthly, cut: cut, store: store, cache: cache)
        let months = zip(monthly, folds).map { month, fold in
            ComplianceTrendOutput.Month(period: month.period, compliance: fold.output)
        }
        return (ComplianceTrendOutput(months: months), cut.context(for: parameters))
    }
}
