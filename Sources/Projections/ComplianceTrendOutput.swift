import CareCalendar

/// The compliance figures of each calendar month of a period.
public struct ComplianceTrendOutput: Hashable, Sendable {
    /// One month.
    public struct Month: Hashable, Sendable {
        /// The month's days within the report's period.
        public var period: ClosedRange<CareDate>
        /// The month's figures, as the compliance report gives them for that period.
        public var compliance: ComplianceOutput

        /// Creates a month.
        public init(period: ClosedRange<CareDate>, compliance: ComplianceOutput) {
            self.period = period
            self.compliance = compliance
        }
    }

    /// The months in calendar order.
    public var months: [Month]

    /// Creates an output.
    public init(months: [Month]) {
        self.months = months
    }
}
