import ArgumentParser
import Foundation
import EventLog
import LMDBEventLog

/// `carelog extract notifications`.
public struct NotificationsExtractCommand: EnvironmentCommand {
    public static let configuration = CommandConfiguration(
        commandName: "notifications",
        abstract: "Care Inspectorate notifications for a period, and notifiable incidents not yet notified.",
        discussion: """
            Each notification with its category, pseudonymous subject, when it happened, when \
            the service became aware, when it was submitted, the deadline and whether it was on \
            time. The manifest records the log checkpoint, the parameters and the extract's SHA-256.

            Example:
              carelog extract notifications --from 2020-01-01 --to 2020-12-31 --format json --output notifications-2020.json
            """)

    @OptionGroup public var options: ReportOptions
    @OptionGroup public var period: PeriodOptions
    @Option(help: "Where to write the manifest (default: OUTPUT.manifest.json when --output is given).")
    public var manifest: String?

    public init() {}

    public func run(in environment: CommandEnvironment) throws {
        let asAt = options.asAtDate(environment)
        let request = ReportRequest(
            asAt: asAt, knownAt: options.knownAt?.knownAt ?? .head, period: period.period(asAt: asAt),
            format: options.format)
        let store = try StoreAccess.open(options.storeOptions.path(in: environment), environment, readOnly: true)
        let (extract, manifestJSON) = try ReportWiring.notificationExtract(request, store: store)
        try options.write(extract, environment)
        guard let manifestPath = manifest ?? options.output.map({ $0 + ".manifest.json" }) else { return }
        do {
            try Data(manifestJSON.utf8).write(to: URL(fileURLWithPath: manifestPath), options: .atomic)
        } catch {
            throw CLIError.storeOrIO("cannot write \(manifestPath): \(error.localizedDescription)")
        }
        environment.output.line("wrote \(manifestPath)")
    }
}
