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

    @OptionGroup package var cache: CacheOptions

    package init() {}

    package func validate() throws {
        if let quarter, Quarter(quarter) == nil {
            throw ValidationError("--quarter must be written YYYY-Qn, e.g. 2020-Q1")
        }
    }

    package func run(in environment: CommandEnvironment) throws {
        let asAt = options.asAtDate(environment)
        let chosen = try ReportPeriod.quarter(quarter.flatMap { Quarter($0) } ?? Quarter.containing(asAt), asAt: asAt)
        let request = ReportRequest(
            asAt: asAt, knownAt: options.knownAtPoint, programme: programme, quarter: chosen, format: options.format)
        try options.checkFiles(environment, manifestByDefault: false)
        let path = options.storeOptions.path(in: environment)
        let store = try StoreAccess.open(path, environment, readOnly: true)
        try options.write(
            try ReportWiring.improvementRAG(request, store: store, cache: cache.open(storePath: path)), environment)
    }
}
