import ArgumentParser
import CarelogOperations
import EventLog
import LMDBEventLog

/// `carelog report complaints`.
package struct ComplaintsReportCommand: EnvironmentCommand {
    package static let configuration = CommandConfiguration(
        commandName: "complaints",
        abstract: "Each complaint with its stage, SPSO deadlines and whether each was met.",
        discussion: """
            The share of stage 1 responses, stage 2 acknowledgements and stage 2 responses on \
            time, then one row per complaint with a time limit that fell due in the period: \
            stage, received, each due date (extended where agreed), when it was answered and \
            whether it was met (working days, Scottish bank holidays excluded).

            Example:
              carelog report complaints --from 2020-01-01 --to 2020-03-31 --as-at 2020-03-31
            """)

    @OptionGroup package var options: ReportOptions
    @OptionGroup package var period: PeriodOptions

    @OptionGroup package var cache: CacheOptions

    @OptionGroup package var scope: ScopeOptions

    package init() {}

    package func run(in environment: CommandEnvironment) throws {
        try options.runPeriodReport(.complaints, period: period, cache: cache, scope: scope, environment)
    }
}
