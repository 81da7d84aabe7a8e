import ArgumentParser
import CarelogOperations
import EventLog
import LMDBEventLog

/// `carelog report compliance-trend`.
package struct ComplianceTrendReportCommand: EnvironmentCommand {
    package static let configuration = CommandConfiguration(
        commandName: "compliance-trend",
        abstract: "Whole-service compliance month by month, with a chart per measure in HTML.",
        discussion: """
            Each indicator measure's numerator, denominator and percentage for every calendar \
            month of the period (each month's figure is the compliance report's for that month), \
            folded in one pass over the log.

            Example:
              carelog report compliance-trend --from 2020-01-01 --to 2020-12-31 --as-at 2020-12-31 --format html --output trend.html
            """)

    @OptionGroup package var options: ReportOptions
    @OptionGroup package var period: PeriodOptions

    package init() {}

    package func run(in environment: CommandEnvironment) throws {
        let asAt = options.asAtDate(environment)
        let request = ReportRequest(
            asAt: asAt, knownAt: options.knownAtPoint, period: period.period(asAt: asAt), format: options.format)
        try options.checkFiles(environment, manifestByDefault: false)
        let store = try StoreAccess.open(options.storeOptions.path(in: environment), environment, readOnly: true)
        try options.write(try ReportWiring.complianceTrend(request, store: store), environment)
    }
}
