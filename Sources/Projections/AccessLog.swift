import CareCalendar
import CareRecord
import EventLog

/// The access report's fold: the `RecordAccessed` facts of a period (Europe/London days of
/// `occurredAt`, inclusive) as known at a log cut, for one person's record or one subject.
///
/// A read is about a person when its `target.personId` is the person, or its `target.stream` is
/// the person's `person/<id>` or `medication/<id>` stream. Entries are in log order.
public struct AccessLog: Sendable {
    /// Whose record, or whose reads.
    public enum Filter: Hashable, Sendable {
        /// Reads of one person's record.
        case person(String)
        /// Reads by one subject.
        case subject(String)
    }

    /// The filter asked for.
    public var filter: Filter
    /// The days covered.
    public var period: ClosedRange<CareDate>
    /// The reads, in log order.
    public var entries: [AccessLogEntry]

    /// Creates the output.
    public init(filter: Filter, period: ClosedRange<CareDate>, entries: [AccessLogEntry]) {
        self.filter = filter
        self.period = period
        self.entries = entries
    }

    /// Whether `read` matches `filter`.
    public static func matches(_ read: RecordAccessed, _ filter: Filter) -> Bool {
        switch filter {
        case .subject(let subject):
            return read.subject == subject
        case .person(let person):
            if read.target.personId == person { return true }
            return read.target.stream == "person/" + person || read.target.stream == "medication/" + person
        }
    }

    /// Reads the access log at the cut of `parameters.knownAt` (corrections applied, as every
    /// projection does) and returns it with the context for the report's provenance.
    public static func run(filter: Filter, parameters: ProjectionParameters, store: any EventStore)
        throws(ProjectionError) -> (AccessLog, ProjectionContext)
    {
        let cut = try ProjectionRunner.cut(knownAt: parameters.knownAt, in: store)
        let context = cut.context(for: parameters)
        let first = parameters.periodStart ?? parameters.asAt
        let last = max(first, parameters.periodEnd ?? parameters.asAt)
        var selection = EventSelection.types([RecordAccessed.eventType]).known(at: cut.knownAt)
        selection.occurredFrom = Timestamp(millisecondsSinceEpoch: UKTime.startOfDay(first))
        selection.occurredBefore = Timestamp(millisecondsSinceEpoch: UKTime.startOfDay(last.adding(days: 1)))
        var entries: [AccessLogEntry] = []
        try ProjectionRunner.visit(selection, in: store) { event, recorded in
            let resolved: CareEvent?
            switch cut.corrections.resolution(of: recorded.sequence) {
            case nil: resolved = event
            case .voided: resolved = nil
            case .replaced(let replacement): resolved = replacement
            }
            guard case .recordAccessed(let read)? = resolved, matches(read, filter) else { return }
            entries.append(AccessLogEntry(sequence: recorded.sequence, occurredAt: recorded.occurredAt, read: read))
        }
        return (AccessLog(filter: filter, period: first...last, entries: entries), context)
    }
}
