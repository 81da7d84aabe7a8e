import CareCalendar
import CareRecord
import EventLog

/// A report asked for on the command line, with its options parsed and checked: what
/// ``ReportWiring`` receives.
public struct ReportRequest: Hashable, Sendable {
    /// The reporting date (rules in force on it apply).
    public var asAt: CareDate
    /// The point in the log read.
    public var knownAt: KnownAt
    /// The period, for period reports (compliance, extracts); inclusive.
    public var period: ClosedRange<CareDate>?
    /// The improvement programme id (RAG table), when given.
    public var programme: String?
    /// The quarter (RAG table), when given.
    public var quarter: ReportingQuarter?
    /// The output format.
    public var format: ReportFormatOption

    /// Creates a request.
    public init(
        asAt: CareDate, knownAt: KnownAt, period: ClosedRange<CareDate>? = nil, programme: String? = nil,
        quarter: ReportingQuarter? = nil, format: ReportFormatOption
    ) {
        self.asAt = asAt
        self.knownAt = knownAt
        self.period = period
        self.programme = programme
        self.quarter = quarter
        self.format = format
    }
}
