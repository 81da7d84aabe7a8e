/// A compliance figure: how many met the rule (numerator) out of how many it applied to
/// (denominator), with the percentage.
public struct ComplianceRatio: Hashable, Sendable, Codable {
    /// How many met the rule.
    public var numerator: Int
    /// How many the rule applied to.
    public var denominator: Int

    /// Creates a figure.
    public init(numerator: Int = 0, denominator: Int = 0) {
        self.numerator = numerator
        self.denominator = denominator
    }

    /// 100 × numerator ÷ denominator; nil when nothing was counted ("no data", never 100%).
    public var percentage: Double? {
        denominator == 0 ? nil : Double(numerator) * 100 / Double(denominator)
    }

    /// Counts one case, met or not.
    mutating func record(_ met: Bool) {
        denominator += 1
        if met { numerator += 1 }
    }

    /// The sum of two figures (a team's into the whole service's).
    static func + (lhs: ComplianceRatio, rhs: ComplianceRatio) -> ComplianceRatio {
        ComplianceRatio(numerator: lhs.numerator + rhs.numerator, denominator: lhs.denominator + rhs.denominator)
    }
}
