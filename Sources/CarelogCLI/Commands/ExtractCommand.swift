import ArgumentParser
import CarelogOperations

/// `carelog extract`: extracts for regulators.
package struct ExtractCommand: ParsableCommand {
    package static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract: "Extracts for regulators, with a manifest to check them against the log.",
        discussion: """
            Example:
              carelog extract notifications --from 2020-01-01 --to 2020-03-31 --format csv --output ci-q1.csv
              carelog verify-extract ci-q1.csv --store ./carelog-store
            """,
        subcommands: [NotificationsExtractCommand.self])

    package init() {}
}
