/// Where an activity's RAG came from.
public enum RAGSource: Hashable, Sendable {
    /// Set by hand in the quarter's update, with the rationale given.
    case setByHand(rationale: String)
    /// Computed from the activity's indicator: the figure and the value in the measure's unit.
    case indicator(reading: IndicatorReading, value: Double)
    /// The activity has an indicator but no figure for the quarter (rules' missing-data status applies).
    case missingData
    /// No hand-set RAG and no indicator: nothing to compute from.
    case noIndicator

    /// A short explanation for reports.
    public var explanation: String {
        switch self {
        case .setByHand(let rationale): return "set by hand: \(rationale)"
        case .indicator(let reading, let value):
            return "computed: \(reading.numerator)/\(reading.denominator) = \(formatted(value))"
        case .missingData: return "no data for the indicator"
        case .noIndicator: return "no update RAG and no indicator"
        }
    }

    private func formatted(_ value: Double) -> String {
        let tenths = (value * 10).rounded()
        let whole = Int(tenths) / 10
        let fraction = abs(Int(tenths) % 10)
        return "\(whole).\(fraction)"
    }
}
