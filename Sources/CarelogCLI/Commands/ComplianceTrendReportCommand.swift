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
            folded in one pass over the log; each month's fold resumes from its projection \
            checkpoint in <store>/cache unless --no-cache.

            Example:
              carelog report compliance-trend --from 2020-01-01 --to 2020-12-31 --as-at 2020-12-31 --format html --output trend.html
            """)

    @OptionGroup package var options: ReportOptions
    @OptionGroup package var period: PeriodOptions

    @OptionGroup package var cache: CacheOptions

    package init() {}

    package func run(in environment: CommandEnvironment) throws {
        try options.runPeriodReport(.complianceTrend, period: period, cache: cache, environment)
    }
}
