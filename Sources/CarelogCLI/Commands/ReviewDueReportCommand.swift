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

            --into DIR writes a dated file and its manifest into a folder (for a weekly \
            timer: Docs/examples/systemd/carelog-reviews-due.timer).

            Example:
              carelog report review-due --as-at 2020-06-30 --format csv --output reviews-due.csv
              carelog report review-due --format csv --into /var/lib/carelog/reports/reviews-due
              carelog report review-due --team barrhead
            """,
        aliases: ["reviews-due"])

    @OptionGroup package var options: ReportOptions

    @OptionGroup package var scope: ScopeOptions

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Write reviews-due-<as-at>.<ext> and its manifest into this folder (created 0700; files 0600).",
            valueName: "dir"))
    package var into: String?

    package init() {}

    package func run(in environment: CommandEnvironment) throws {
        var request = ReportRequest(
            asAt: options.asAtDate(environment), knownAt: options.knownAtPoint, format: options.format)
        request.scope = scope.scope
        let storePath = options.storeOptions.path(in: environment)
        if let into {
            guard options.output == nil, options.manifest == nil else {
                throw CarelogError.usage("--into writes the file and its manifest; leave out --output and --manifest")
            }
            let store = try StoreAccess.open(storePath, environment, readOnly: true)
            let written = try ReportFolder.write(
                try ReportWiring.reviewsDue(request, store: store),
                name: ReportFolder.fileName(.reviewsDue, asAt: request.asAt, format: options.format), into: into,
                force: options.force, store: storePath)
            environment.output.line("wrote \(written.report)")
            environment.output.line("wrote \(written.manifest)")
            return
        }
        try options.checkFiles(environment, manifestByDefault: false)
        let store = try StoreAccess.open(storePath, environment, readOnly: true)
        try options.write(try ReportWiring.reviewsDue(request, store: store), environment)
    }
}
