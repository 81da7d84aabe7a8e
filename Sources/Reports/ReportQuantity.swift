/// An amount in a unit, e.g. a target of `90%`, a tolerance of `5 percentage points` or a count
/// of `2`, kept to two decimal places so every renderer spells it exactly the same way (integer
/// arithmetic, never the host's floating-point formatting).
public struct ReportQuantity: Hashable, Sendable {
    /// What the number counts.
    public enum Unit: String, Hashable, Sendable, CaseIterable {
        /// A percentage, e.g. `90%`.
        case percent
        /// A difference between percentages, e.g. `5 percentage points`.
        case percentagePoints
        /// A plain count, e.g. `2`.
        case count
    }

    /// The value in hundredths of the unit: 90 → 9000, 2.5 → 250.
    public var hundredths: Int
    /// The unit.
    public var unit: Unit

    /// A quantity of `value` (rounded half away from zero to two decimal places; a value that
    /// is not finite becomes 0).
    public init(_ value: Double, unit: Unit) {
        let scaled = (value * 100).rounded()
        self.hundredths = scaled.isFinite && abs(scaled) < 1e15 ? Int(scaled) : 0
        self.unit = unit
    }

    /// The number without its unit and without trailing zeros: `90`, `92.5`, `0.25`, `-1`.
    /// This exact spelling is the JSON number and the CSV field.
    public var number: String {
        let sign = hundredths < 0 ? "-" : ""
        let m = hundredths.magnitude
        let whole = m / 100
        let rest = m % 100
        if rest == 0 { return "\(sign)\(whole)" }
        if rest % 10 == 0 { return "\(sign)\(whole).\(rest / 10)" }
        return "\(sign)\(whole).\(rest < 10 ? "0" : "")\(rest)"
    }

    /// The number with its unit, for people: `90%`, `5 percentage points`, `1 percentage point`, `2`.
    public var label: String {
        switch unit {
        case .percent: return number + "%"
        case .percentagePoints: return number + (hundredths == 100 ? " percentage point" : " percentage points")
        case .count: return number
        }
    }
}
