import ArgumentParser
import CarelogOperations
import EventLog
import LMDBEventLog

/// `carelog report compliance-trend`.
package struct ComplianceTrendReportCommand: EnvironmentCommand {
    package static let configuration = CommandConfiguration(
        commandName: "compliance-trend",
        abstract: "Compliance month by month (whole service, or a team or service), with a chart per measure in HTML.",
        discussion: """
            Each indicator measure's numerator, denominator and percentage for every calendar \
            month of the period (each month's figure is the compliance report's for that month), \
            folded in one pass over the log; each month's fold resumes from its projection \
            checkpoint in <store>/cache unless --no-cache. --team or --service limits every \
            month to that scope, as the compliance report limits one period.

            Example:
              carelog report compliance-trend --from 2020-01-01 --to 2020-12-31 --as-at 2020-12-31 --format html --output trend.html
              carelog report compliance-trend --from 2020-01-01 --to 2020-06-30 --as-at 2020-06-30 --team barrhead
            """)

    @OptionGroup package var options: ReportOptions
    @OptionGroup package var period: PeriodOptions

    @OptionGroup package var cache: CacheOptions

    @OptionGroup package var scope: ScopeOptions

    package init() {}

    package func run(in environment: CommandEnvironment) throws {
        try options.runPeriodReport(.complianceTrend, period: period, cache: cache, scope: scope, environment)
    }
}
