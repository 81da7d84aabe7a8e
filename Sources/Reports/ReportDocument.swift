import CareCalendar
import EventLog
import Projections

/// A rendered-agnostic report: what every projection turns into before it is written as
/// Markdown, CSV, JSON or HTML. Renderers only lay it out; they never compute.
public struct ReportDocument: Hashable, Sendable {
    /// The report's title, e.g. `Reviews due`.
    public var title: String
    /// Where the figures come from: reporting date, log position, rules.
    public var provenance: ReportProvenance
    /// The body, in order.
    public var sections: [ReportSection]

    /// Creates a document.
    public init(title: String, provenance: ReportProvenance, sections: [ReportSection]) {
        self.title = title
        self.provenance = provenance
        self.sections = sections
    }
}

/// The facts every report states so it can be reproduced and checked later.
///
/// The log position is the **resolved** one (sequence, head hash, last `recordedAt`), never how
/// it was asked for (`head`, a date): so re-running a report `--known-at` its sequence gives the
/// same bytes. What was asked goes into the manifest (``ExtractManifest``), not the report.
public struct ReportProvenance: Hashable, Sendable {
    /// The reporting date.
    public var asAt: CareDate
    /// The period, for period reports.
    public var period: ClosedRange<CareDate>?
    /// The log position read: store id, sequence number, head hash and last `recordedAt`.
    public var checkpoint: Checkpoint
    /// Which rules were in force.
    public var rules: String

    /// Creates provenance.
    public init(asAt: CareDate, period: ClosedRange<CareDate>?, checkpoint: Checkpoint, rules: String) {
        self.asAt = asAt
        self.period = period
        self.checkpoint = checkpoint
        self.rules = rules
    }

    /// Provenance from a projection context.
    public init(context: ProjectionContext, period: ClosedRange<CareDate>? = nil) {
        self.init(
            asAt: context.parameters.asAt, period: period, checkpoint: context.checkpoint,
            rules: context.rulesDescription)
    }
}

/// One part of a report: an optional heading, notes, a table, bullets.
public struct ReportSection: Hashable, Sendable {
    /// The section heading (a group such as a team, or a workstream).
    public var heading: String?
    /// Short paragraphs before the table.
    public var notes: [String]
    /// The table, if any.
    public var table: ReportTable?
    /// A chart of figures the table also holds (HTML draws it above the table; other formats
    /// carry the table only).
    public var chart: ReportChart?

    /// Creates a section.
    public init(heading: String? = nil, notes: [String] = [], table: ReportTable? = nil, chart: ReportChart? = nil) {
        self.heading = heading
        self.notes = notes
        self.table = table
        self.chart = chart
    }
}

/// A table with typed cells; column keys are the stable field names of the JSON form.
public struct ReportTable: Hashable, Sendable {
    /// The columns, in order.
    public var columns: [ReportColumn]
    /// The rows; each has one cell per column.
    public var rows: [[ReportCell]]

    /// Creates a table.
    public init(columns: [ReportColumn], rows: [[ReportCell]]) {
        self.columns = columns
        self.rows = rows
    }
}

/// A column: a stable machine key (JSON field, CSV header) and a human title.
public struct ReportColumn: Hashable, Sendable {
    /// Stable field name, lower camel case, e.g. `dueDate`.
    public var key: String
    /// Title shown in Markdown and HTML, e.g. `Due date`.
    public var title: String

    /// Creates a column.
    public init(_ key: String, _ title: String) {
        self.key = key
        self.title = title
    }
}

/// One cell's value, typed so each renderer can format it properly.
public enum ReportCell: Hashable, Sendable {
    /// Plain text.
    case text(String)
    /// A documented code with its display label: JSON and CSV carry the code (e.g.
    /// `planMissing`), Markdown and HTML show the label (e.g. `Plan missing`).
    case code(String, label: String)
    /// A whole number.
    case integer(Int)
    /// A calendar date.
    case date(CareDate)
    /// An instant.
    case instant(Timestamp)
    /// numerator / denominator, shown with its percentage (nil when the denominator is 0).
    case fraction(numerator: Int, denominator: Int)
    /// A RAG status (rendered with colour and its text label).
    case rag(RAGStatus)
    /// A list of short points (rendered as bullets).
    case bullets([String])
    /// An amount in a unit (a target, a tolerance): `90%`, `5 percentage points`, `2`.
    case quantity(ReportQuantity)
    /// Several named values in one cell (e.g. an indicator's measure, direction, target and
    /// tolerance): one line per field for people, separate fields for machines.
    indirect case record([ReportField])
    /// Nothing to show.
    case empty
}
