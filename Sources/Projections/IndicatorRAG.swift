import CareRecord

/// Computes a RAG status from an indicator's target, direction and amber tolerance.
///
/// Higher is better: green when value ≥ target, amber when value ≥ target − tolerance, else red.
/// Lower is better: green when value ≤ target, amber when value ≤ target + tolerance, else red.
/// Both edges belong to the better band. Rates are compared without dividing
/// (`100·n ≥ t·d`) so a figure exactly on an edge is never pushed across it by rounding.
/// No value ⇒ the rules' missing-data status (`noData` by default, or red) — never green.
public enum IndicatorRAG {
    /// The status for `reading` against `indicator`; `missingData` applies when there is no value.
    public static func status(of indicator: ActivityIndicator, reading: IndicatorReading?, missingData: MissingDataRAG)
        -> RAGStatus
    {
        guard let reading, let compare = comparator(indicator.measure, reading) else {
            return missingData == .red ? .red : .noData
        }
        let target = indicator.target
        let tolerance = indicator.amberTolerance
        switch indicator.direction {
        case .higherIsBetter:
            if compare(target) >= 0 { return .green }
            if compare(target - tolerance) >= 0 { return .amber }
            return .red
        case .lowerIsBetter:
            if compare(target) <= 0 { return .green }
            if compare(target + tolerance) <= 0 { return .amber }
            return .red
        }
    }

    /// A function giving the sign of (value − threshold), or nil when the reading has no value.
    private static func comparator(_ measure: ComplianceMeasure, _ reading: IndicatorReading) -> ((Double) -> Int)? {
        if IndicatorReading.isCount(measure) {
            let value = Double(reading.numerator)
            return { threshold in value == threshold ? 0 : (value > threshold ? 1 : -1) }
        }
        guard reading.denominator > 0 else { return nil }
        let scaled = 100 * Double(reading.numerator)
        let denominator = Double(reading.denominator)
        return { threshold in
            let bound = threshold * denominator
            return scaled == bound ? 0 : (scaled > bound ? 1 : -1)
        }
    }
}
