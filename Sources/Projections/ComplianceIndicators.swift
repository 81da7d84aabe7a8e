import CareCalendar
import CareRecord
import EventLog

/// The RAG table's indicator figures, computed by the compliance projection for each quarter
/// at the table's own log cut — so a past table replays exactly.
public enum ComplianceIndicators {
    /// Runs compliance for each quarter (the period ends at the quarter's last day, or at
    /// `asAt` when the quarter is not over) and serves activity indicators from the results.
    ///
    /// - Parameter checkpoint: the log position every figure is read at (the table's).
    public static func source(
        quarters: [Quarter], asAt: CareDate, checkpoint: UInt64, store: any EventStore
    ) throws(ProjectionError) -> IndicatorSource {
        try source(
            quarters: quarters, asAt: asAt, cut: ProjectionRunner.cut(knownAt: .sequence(checkpoint), in: store),
            store: store)
    }

    /// Runs compliance for each quarter at `cut` (the table's own cut: no second read of its
    /// corrections or rules) and serves activity indicators from the results; with `cache`,
    /// each quarter's fold resumes from its projection checkpoint where one is valid (one read
    /// of the log from the earliest of them).
    public static func source(
        quarters: [Quarter], asAt: CareDate, cut: LogCut, store: any EventStore, cache: (any FoldStateCache)? = nil
    ) throws(ProjectionError) -> IndicatorSource {
        let wanted = Set(quarters).filter { $0.firstDay <= asAt }.sorted()
        let parameters = wanted.map { quarter in
            let end = min(quarter.lastDay, asAt)
            return ProjectionParameters(asAt: end, knownAt: cut.knownAt, periodStart: quarter.firstDay, periodEnd: end)
        }
        var outputs: [Quarter: ComplianceOutput] = [:]
        if let cache {
            // Each quarter resumes from its own checkpoint; one read of the log feeds them all.
            let results = try ProjectionRunner.run(
                Compliance.self, parameters: parameters, cut: cut, store: store, cache: cache)
            for (quarter, result) in zip(wanted, results) { outputs[quarter] = result.output }
        } else {
            // One read of the log feeds every quarter's fold.
            var folds = parameters.map { Compliance(context: cut.context(for: $0)) }
            try ProjectionRunner.fold(&folds, cut: cut, store: store)
            for (quarter, fold) in zip(wanted, folds) { outputs[quarter] = fold.output() }
        }
        let figures = outputs
        return { indicator, quarter in
            guard let output = figures[quarter], let value = output.value(of: indicator.measure, team: indicator.team)
            else {
                return nil
            }
            return IndicatorReading(numerator: value.numerator, denominator: value.denominator)
        }
    }
}
