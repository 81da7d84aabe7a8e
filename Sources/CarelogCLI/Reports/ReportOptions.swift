import ArgumentParser
import CareCalendar
import EventLog
import Foundation

/// The options every report and extract takes: reporting date, log point, format, output file.
public struct ReportOptions: ParsableArguments {
    @OptionGroup public var storeOptions: StoreOptions

    @Option(
        name: .long,
        help: ArgumentHelp("The reporting date, YYYY-MM-DD (default: today, UK time).", valueName: "date"))
    public var asAt: CareDateArgument?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Read the log as known at a sequence number, an instant, or the end of a date (default: head).",
            valueName: "seq|timestamp"))
    public var knownAt: KnownAtArgument?

    @Option(name: .long, help: "markdown, csv, json or html.")
    public var format: ReportFormatOption = .markdown

    @Option(name: .long, help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file"))
    public var output: String?

    public init() {}

    /// The reporting date: `--as-at`, else today in UK time by the environment's clock.
    func asAtDate(_ environment: CommandEnvironment) -> CareDate {
        asAt?.date ?? UKTime.ukDate(epochMilliseconds: environment.clock().millisecondsSinceEpoch)
    }

    /// Writes the rendered report to `--output` or standard output.
    func write(_ rendered: String, _ environment: CommandEnvironment) throws(CLIError) {
        guard let output else {
            environment.output.write(rendered.unicodeScalars.last == "\n" ? rendered : rendered + "\n")
            return
        }
        do {
            try Data(rendered.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
        } catch {
            throw .storeOrIO("cannot write \(output): \(error.localizedDescription)")
        }
        environment.output.line("wrote \(output)")
    }
}

/// `--from/--to` for period reports.
public struct PeriodOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp("First day of the period, YYYY-MM-DD (default: start of the as-at quarter).", valueName: "date"))
    public var from: CareDateArgument?

    @Option(name: .long, help: ArgumentHelp("Last day of the period, YYYY-MM-DD (default: the as-at date).", valueName: "date"))
    public var to: CareDateArgument?

    public init() {}

    public func validate() throws {
        if let from, let to, from.date > to.date { throw ValidationError("--from must not be after --to") }
    }

    /// The period: `--from` (default: first day of the as-at quarter) to `--to` (default: as at).
    func period(asAt: CareDate) -> ClosedRange<CareDate> {
        let start = from?.date ?? Quarter.containing(to?.date ?? asAt).firstDay
        let end = to?.date ?? asAt
        return start...max(start, end)
    }
}
