import ArgumentParser
import CareCalendar
import CareRecord
import CarelogOperations
import EventLog
import LMDBEventLog

/// `carelog report rag`.
package struct RAGReportCommand: EnvironmentCommand {
    package static let configuration = CommandConfiguration(
        commandName: "rag",
        abstract: "The improvement programme's RAG table for a quarter.",
        discussion: """
            Workstream, activity, latest update, RAG (set by hand with its rationale, or \
            computed from the activity's indicator; missing data shows as "no data"), plan for \
            the next quarter and the change from the previous quarter. Replaying an earlier \
            quarter --known-at the time it was reported reproduces what was shown then.

            Example:
              carelog report rag --quarter 2020-Q1 --known-at 2020-04-15
            """)

    @OptionGroup package var options: ReportOptions

    @Option(
        name: .long, help: ArgumentHelp("The programme id (default: the only programme in the store).", valueName: "id")
    )
    package var programme: String?

    @Option(
        name: .long, help: ArgumentHelp("The quarter, YYYY-Qn (default: the quarter of --as-at).", valueName: "quarter")
    )
    package var quarter: String?

    /// Rebuilds from the whole log without reading or saving projection checkpoints.
    @Flag(
        name: .customLong("no-cache"),
        help: "Fold the whole log, ignoring and not updating the projection cache in <store>/cache.")
    package var noCache = false

    package init() {}

    /// The years a `--quarter` may name (its previous quarter is rated too).
    static let quarterYears = 1900...9998

    package func validate() throws {
        if let quarter, Quarter(quarter) == nil {
            throw ValidationError("--quarter must be written YYYY-Qn, e.g. 2020-Q1")
        }
    }

    package func run(in environment: CommandEnvironment) throws {
        let asAt = options.asAtDate(environment)
        let chosen = try Self.quarter(quarter.flatMap { Quarter($0) } ?? Quarter.containing(asAt), asAt: asAt)
        let request = ReportRequest(
            asAt: asAt, knownAt: options.knownAtPoint, programme: programme, quarter: chosen, format: options.format)
        try options.checkFiles(environment, manifestByDefault: false)
        let path = options.storeOptions.path(in: environment)
        let store = try StoreAccess.open(path, environment, readOnly: true)
        let cache = ReportCache.open(storePath: path, disabled: noCache)
        try options.write(try ReportWiring.improvementRAG(request, store: store, cache: cache), environment)
    }

    /// Refuses a quarter out of range or not yet begun on the reporting date (usage errors).
    static func quarter(_ quarter: Quarter, asAt: CareDate) throws(CarelogError) -> Quarter {
        guard quarterYears.contains(quarter.year) else {
            throw .usage(
                "the quarter (--quarter, or the quarter of --as-at) must be in the years \(quarterYears.lowerBound)–\(quarterYears.upperBound)"
            )
        }
        guard quarter.firstDay <= asAt else {
            throw .usage(
                "quarter \(quarter) has not begun on the reporting date \(asAt.iso8601); give an --as-at on or after \(quarter.firstDay.iso8601) or an earlier --quarter"
            )
        }
        return quarter
    }
}
