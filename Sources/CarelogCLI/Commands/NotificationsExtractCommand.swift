import ArgumentParser
import CarelogOperations
import EventLog
import Foundation
import LMDBEventLog
import Projections

/// `carelog extract notifications`.
package struct NotificationsExtractCommand: EnvironmentCommand {
    package static let configuration = CommandConfiguration(
        commandName: "notifications",
        abstract: "Care Inspectorate notifications for a period, and notifiable incidents not yet notified.",
        discussion: """
            Each notification with its category, pseudonymous subject, when it happened, when \
            the service became aware, when it was submitted, the deadline and whether it was on \
            time. Pseudonyms are keyed per recipient (--recipient, default care-inspectorate): \
            the key is created owner-only in STORE/keys on first use and never leaves the store. \
            The manifest (default OUTPUT.manifest.json) records the log position, what was \
            asked and the extract's SHA-256; `carelog verify-extract` checks the file against it.

            Example:
              carelog extract notifications --from 2020-01-01 --to 2020-12-31 --format json --output notifications-2020.json
              carelog verify-extract notifications-2020.json --store ./carelog-store
            """)

    @OptionGroup package var options: ReportOptions
    @OptionGroup package var period: PeriodOptions

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Who the extract is for: pseudonyms are keyed per recipient (default: care-inspectorate).",
            valueName: "name"))
    package var recipient: String = PseudonymKeyFile.defaultRecipient

    package init() {}

    package func run(in environment: CommandEnvironment) throws {
        let asAt = options.asAtDate(environment)
        try PseudonymKeyFile.checkRecipient(recipient)
        try options.checkFiles(environment, manifestByDefault: true)
        let storePath = options.storeOptions.path(in: environment)
        let store = try StoreAccess.open(storePath, environment, readOnly: true)
        let key = try PseudonymKeyFile.loadOrCreate(store: storePath, recipient: recipient)
        let request = ReportRequest(
            asAt: asAt, knownAt: options.knownAtPoint, period: period.period(asAt: asAt), naming: .pseudonymous(key),
            format: options.format)
        try options.write(
            try ReportWiring.notificationExtract(request, store: store), environment, manifestByDefault: true)
    }
}
