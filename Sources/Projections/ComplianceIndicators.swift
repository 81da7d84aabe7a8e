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
        var outputs: [Quarter: ComplianceOutput] = [:]
        for quarter in Set(quarters) where quarter.firstDay <= asAt {
            let end = min(quarter.lastDay, asAt)
            let parameters = ProjectionParameters(
                asAt: end, knownAt: .sequence(checkpoint), periodStart: quarter.firstDay, periodEnd: end)
            outputs[quarter] = try ProjectionRunner.run(Compliance.self, parameters: parameters, store: store).output
        }
        let figures = outputs
        return { indicator, quarter in
            guard let output = figures[quarter], let value = output.value(of: indicator.measure, team: indicator.team) else {
                return nil
            }
            return IndicatorReading(numerator: value.numerator, denominator: value.denominator)
        }
    }
}
