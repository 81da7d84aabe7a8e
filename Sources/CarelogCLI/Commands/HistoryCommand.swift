import ArgumentParser
import CareRecord
import CarelogOperations
import EventLog
import LMDBEventLog

/// `carelog history STREAM`: one stream's timeline, corrections beside what they correct.
package struct HistoryCommand: EnvironmentCommand {
    package static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Show one stream's timeline, with corrections beside what they correct.",
        discussion: """
            Each entry shows its sequence, when it occurred, its version in the stream, its \
            type, who recorded it and when, and its data. A correction (EntryCorrected) or void \
            (EntryVoided) is shown indented under the entry it changes. --known-at shows what \
            the record said at an earlier point in the log.

            Example:
              carelog history person/P00042
              carelog history visit/V0001234 --known-at 2020-03-31
            """)

    @OptionGroup package var storeOptions: StoreOptions

    @Argument(help: ArgumentHelp("The stream, e.g. person/P00042.", valueName: "stream"))
    package var stream: String

    @Option(
        name: .long,
        help: ArgumentHelp(
            "As known at a sequence number, an instant or the end of a date.", valueName: "seq|timestamp"))
    package var knownAt: KnownAtArgument?

    package init() {}

    package func validate() throws {
        if StreamName(stream) == nil { throw ValidationError("the stream must be <kind>/<id>, e.g. person/P00042") }
    }

    package func run(in environment: CommandEnvironment) throws {
        guard let name = StreamName(stream) else {
            throw CarelogError.usage("the stream must be <kind>/<id>, e.g. person/P00042")
        }
        let store = try StoreAccess.open(storeOptions.path(in: environment), environment, readOnly: true)
        let point = knownAt?.knownAt ?? .head
        let events: [RecordedEvent]
        do { events = try store.events(EventSelection.stream(name).known(at: point)) } catch {
            throw CarelogError.from(error)
        }
        guard !events.isEmpty else {
            throw CarelogError.invalidInput("\(name) has no events as known at \(point)")
        }
        let history = try StreamHistory(events: events)
        environment.output.line("history of \(name) as known at \(point): \(events.count) events")
        for line in history.lines() { environment.output.line(line) }
    }
}
