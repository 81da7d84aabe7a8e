import ArgumentParser
import CarelogOperations
import EventLog
import LMDBEventLog
import Projections

/// `carelog report visit-delivery`.
package struct VisitDeliveryReportCommand: EnvironmentCommand {
    package static let configuration = CommandConfiguration(
        commandName: "visit-delivery",
        abstract: "Planned against delivered visits for a period (the ECM view), by team, carer or person.",
        discussion: """
            Visits planned to start in the period: delivered, on time, late, early, short, \
            missed, cancelled, pending, unverified (no check-out), manually verified (exception \
            code), and visits needing two or more carers attended by fewer; the median and 90th \
            percentile offset of the first check-in, planned and delivered minutes. Tolerances \
            are the rules in force on the as-at date, stated in the report. --by carer counts a \
            visit once for each carer who checked in, with that carer's own times. --team or \
            --service counts only the visits of that team or service (a visit belongs to its own \
            team, else its person's team when it was scheduled): the team rows are the \
            partnership report's, the carer and person rows those visits only.

            Example:
              carelog report visit-delivery --from 2020-01-01 --to 2020-03-31 --as-at 2020-03-31 --by carer
              carelog report visit-delivery --from 2020-01-01 --to 2020-03-31 --team barrhead --by person
            """)

    @OptionGroup package var options: ReportOptions
    @OptionGroup package var period: PeriodOptions

    @Option(name: .long, help: "Group the rows by team, carer or person.")
    package var by: VisitDeliveryGrouping = .team

    @OptionGroup package var cache: CacheOptions

    @OptionGroup package var scope: ScopeOptions

    package init() {}

    package func run(in environment: CommandEnvironment) throws {
        let asAt = options.asAtDate(environment)
        var request = ReportRequest(
            asAt: asAt, knownAt: options.knownAtPoint, period: period.period(asAt: asAt), format: options.format,
            visitGrouping: by)
        request.scope = scope.scope
        try options.checkFiles(environment, manifestByDefault: false)
        let path = options.storeOptions.path(in: environment)
        let store = try StoreAccess.open(path, environment, readOnly: true)
        try options.write(
            try ReportWiring.visitDelivery(request, store: store, cache: cache.open(storePath: path)), environment)
    }
}
