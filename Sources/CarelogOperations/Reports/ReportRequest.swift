import CareCalendar
import CareRecord
import EventLog
import Projections
import Reports

/// A report asked for on the command line, with its options parsed and checked: what
/// ``ReportWiring`` receives.
package struct ReportRequest: Hashable, Sendable {
    /// The reporting date (rules in force on it apply).
    package var asAt: CareDate
    /// The point in the log read, as asked (resolved by the store; recorded in the manifest).
    package var knownAt: KnownAt
    /// The period, for period reports (compliance, extracts); inclusive.
    package var period: ClosedRange<CareDate>?
    /// The improvement programme id (RAG table), when given.
    package var programme: String?
    /// The quarter (RAG table), when given.
    package var quarter: Quarter?
    /// How extracts name people and incidents (pseudonyms need the recipient's key).
    package var naming: SubjectNaming?
    /// The output format.
    package var format: ReportFormat
    /// The access report: whose record (`--person`).
    package var personId: String? = nil
    /// The access report: whose reads (`--subject`).
    package var subject: String? = nil
    /// How the visit-delivery report groups its rows (nil: by team).
    package var visitGrouping: VisitDeliveryGrouping?
    /// The people the report covers: nil (or the partnership) for everyone, else the people of
    /// one team or one service (locality); only ``ReportWiring/scopableKinds`` can be limited.
    package var scope: AccessScope? = nil

    /// Creates a request.
    package init(
        asAt: CareDate, knownAt: KnownAt, period: ClosedRange<CareDate>? = nil, programme: String? = nil,
        quarter: Quarter? = nil, naming: SubjectNaming? = nil, format: ReportFormat,
        visitGrouping: VisitDeliveryGrouping? = nil
    ) {
        self.asAt = asAt
        self.knownAt = knownAt
        self.period = period
        self.programme = programme
        self.quarter = quarter
        self.naming = naming
        self.format = format
        self.visitGrouping = visitGrouping
    }
}
