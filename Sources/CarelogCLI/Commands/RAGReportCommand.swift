import ArgumentParser
import EventLog
import LMDBEventLog
import CareRecord

/// `carelog report rag`.
public struct RAGReportCommand: EnvironmentCommand {
    public static let configuration = CommandConfiguration(
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

    @OptionGroup public var options: ReportOptions

    @Option(name: .long, help: ArgumentHelp("The programme id (default: the only programme in the store).", valueName: "id"))
    public var programme: String?

    @Option(name: .long, help: ArgumentHelp("The quarter, YYYY-Qn (default: the quarter of --as-at).", valueName: "quarter"))
    public var quarter: String?

    public init() {}

    public func validate() throws {
        if let quarter, ReportingQuarter(quarter) == nil {
            throw ValidationError("--quarter must be written YYYY-Qn, e.g. 2020-Q1")
        }
    }

    public func run(in environment: CommandEnvironment) throws {
        let asAt = options.asAtDate(environment)
        let request = ReportRequest(
            asAt: asAt, knownAt: options.knownAt?.knownAt ?? .head, programme: programme,
            quarter: quarter.flatMap(ReportingQuarter.init) ?? ReportingQuarter(containing: asAt),
            format: options.format)
        let store = try StoreAccess.open(options.storeOptions.path(in: environment), environment, readOnly: true)
        try options.write(try ReportWiring.improvementRAG(request, store: store), environment)
    }
}
