import ArgumentParser
import CarelogOperations
import EventLog
import LMDBEventLog

/// `carelog report review-due`.
package struct ReviewDueReportCommand: EnvironmentCommand {
    package static let configuration = CommandConfiguration(
        commandName: "review-due",
        abstract: "Personal plans and reviews due, by team: on track, due soon, overdue, plan missing.",
        discussion: """
            One row per person (the duty that sets their status), then every outstanding duty \
            of every person. People whose service has ended are not listed. Rules (28-day plan, \
            six-monthly review, review on request) are those in force on the as-at date. Also \
            spelled `reviews-due`.

            Example:
              carelog report review-due --as-at 2020-06-30 --format csv --output reviews-due.csv
            """,
        aliases: ["reviews-due"])

    @OptionGroup package var options: ReportOptions

    package init() {}

    package func run(in environment: CommandEnvironment) throws {
        let request = ReportRequest(
            asAt: options.asAtDate(environment), knownAt: options.knownAtPoint, format: options.format)
        try options.checkFiles(environment, manifestByDefault: false)
        let store = try StoreAccess.open(options.storeOptions.path(in: environment), environment, readOnly: true)
        try options.write(try ReportWiring.reviewsDue(request, store: store), environment)
    }
}
