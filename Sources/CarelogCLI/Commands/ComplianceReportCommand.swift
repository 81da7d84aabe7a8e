import ArgumentParser
import CarelogOperations
import EventLog
import LMDBEventLog

/// `carelog report compliance`.
package struct ComplianceReportCommand: EnvironmentCommand {
    package static let configuration = CommandConfiguration(
        commandName: "compliance",
        abstract: "Compliance for a period, by team and overall, with numerators and denominators.",
        discussion: """
            Plans within 28 days, six-monthly reviews, visits verified electronically (ECM), \
            visits on time, missed visits, MAR, medication errors, complaint timescales, \
            notifications on time, training, supervision and SSSC registration; then every \
            complaint time limit that fell due in the period (received, due, extended due, \
            answered, outcome).

            Example:
              carelog report compliance --from 2020-01-01 --to 2020-03-31 --as-at 2020-03-31
            """)

    @OptionGroup package var options: ReportOptions
    @OptionGroup package var period: PeriodOptions

    @OptionGroup package var cache: CacheOptions

    @OptionGroup package var scope: ScopeOptions

    package init() {}

    package func run(in environment: CommandEnvironment) throws {
        try options.runPeriodReport(.compliance, period: period, cache: cache, scope: scope, environment)
    }
}
