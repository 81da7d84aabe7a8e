import CareCalendar
import CareRecord

/// One indicator figure for a quarter: a numerator over a denominator, as the compliance
/// projection computes it.
///
/// For rate measures the value is `100 × numerator ÷ denominator` (percent); for the count
/// measure ``CareRecord/ComplianceMeasure/medicationErrors`` the value is the numerator and the
/// denominator is ignored. A rate with a denominator of 0 has no value.
public struct IndicatorReading: Hashable, Sendable {
    /// The count that meets the measure (or the count itself, for count measures).
    public var numerator: Int
    /// What it is out of.
    public var denominator: Int

    /// Creates a reading.
    public init(numerator: Int, denominator: Int) {
        self.numerator = numerator
        self.denominator = denominator
    }

    /// Whether `measure` is a count (value = numerator) rather than a percentage.
    public static func isCount(_ measure: ComplianceMeasure) -> Bool { measure == .medicationErrors }

    /// The value in the measure's unit, or nil when there is nothing to divide by.
    public func value(for measure: ComplianceMeasure) -> Double? {
        if IndicatorReading.isCount(measure) { return Double(numerator) }
        guard denominator > 0 else { return nil }
        return 100 * Double(numerator) / Double(denominator)
    }
}

/// Supplies an activity indicator's figure for a quarter, or nil when there is no data.
///
/// The compliance projection provides it; the RAG table never computes measures itself. To
/// replay a past table exactly, the source must read the same log cut as the table.
public typealias IndicatorSource = @Sendable (ActivityIndicator, Quarter) -> IndicatorReading?
