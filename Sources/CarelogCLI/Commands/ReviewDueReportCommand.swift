import ArgumentParser
import EventLog
import LMDBEventLog

/// `carelog report review-due`.
public struct ReviewDueReportCommand: EnvironmentCommand {
    public static let configuration = CommandConfiguration(
        commandName: "review-due",
        abstract: "Personal plans and reviews due, by team: on track, due soon, overdue, plan missing.",
        discussion: """
            People whose service has ended are not listed. Rules (28-day plan, six-monthly \
            review, review on request) are those in force on the as-at date.

            Example:
              carelog report review-due --as-at 2020-06-30 --format csv --output reviews-due.csv
            """)

    @OptionGroup public var options: ReportOptions

    public init() {}

    public func run(in environment: CommandEnvironment) throws {
        let request = ReportRequest(
            asAt: options.asAtDate(environment), knownAt: options.knownAt?.knownAt ?? .head, format: options.format)
        let store = try StoreAccess.open(options.storeOptions.path(in: environment), environment, readOnly: true)
        try options.write(try ReportWiring.reviewsDue(request, store: store), environment)
    }
}
