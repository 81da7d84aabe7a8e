import ArgumentParser
import CareRecord
import CarelogOperations
import EventLog
import LMDBEventLog

/// `carelog log`: lists events as a table or as NDJSON that `carelog import` accepts.
package struct LogCommand: EnvironmentCommand {
    package static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "List events: a readable table, or NDJSON that `carelog import` accepts.",
        discussion: """
            Filters narrow each other: sequence range, stream, types, when events occurred, \
            and the point in the log (--known-at). --format ndjson writes one event per line \
            with its stream, type, schemaVersion, occurredAt, actor and data, so the output \
            imports into another store. To copy a whole log as it was (each event's own \
            recording time, duplicates and corrections included), add --with-recorded-at and \
            import with --recorded-at-from-input --migrated-by ACTOR into an empty store.

            Example:
              carelog log --stream person/P00042 --known-at 2020-03-31
              carelog log --type VisitMissed --occurred-from 2020-02-01 --occurred-to 2020-02-29
              carelog log --format ndjson > all-events.ndjson
            """)

    /// Output formats.
    package enum Format: String, ExpressibleByArgument, CaseIterable, Sendable {
        case table, ndjson
    }

    @OptionGroup package var storeOptions: StoreOptions

    @Option(name: .long, help: ArgumentHelp("First sequence number listed.", valueName: "seq"))
    package var fromSeq: UInt64?

    @Option(name: .long, help: ArgumentHelp("Last sequence number listed.", valueName: "seq"))
    package var toSeq: UInt64?

    @Option(name: .long, help: ArgumentHelp("Only this stream, e.g. person/P00042.", valueName: "stream"))
    package var stream: String?

    @Option(name: .long, help: ArgumentHelp("Only this event type (repeatable).", valueName: "type"))
    package var type: [String] = []

    @Option(
        name: .long,
        help: ArgumentHelp("Only events that occurred at or after this instant or date (UK day).", valueName: "time"))
    package var occurredFrom: InstantArgument?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Only events that occurred before this instant, or on or before this date (UK day).", valueName: "time"))
    package var occurredTo: InstantArgument?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "The log as known at a sequence number, an instant, or the end of a date.", valueName: "seq|timestamp"))
    package var knownAt: KnownAtArgument?

    @Option(name: .long, help: ArgumentHelp("At most this many events.", valueName: "n"))
    package var limit: Int?

    @Flag(name: .long, help: "Newest first.")
    package var backward = false

    @Option(name: .long, help: "table or ndjson.")
    package var format: Format = .table

    @Flag(name: .long, help: "With --format ndjson: include each event's recordedAt.")
    package var withRecordedAt = false

    package init() {}

    package func validate() throws {
        if let stream, StreamName(stream) == nil {
            throw ValidationError("--stream must be <kind>/<id>, e.g. person/P00042")
        }
        for name in type where !CareEventCodec.isKnown(name) {
            throw ValidationError("--type \(name) is not an event type in the catalogue (see Docs/events.md)")
        }
        if let limit, limit < 0 { throw ValidationError("--limit must not be negative") }
        if let fromSeq, let toSeq, fromSeq > toSeq { throw ValidationError("--from-seq must not be after --to-seq") }
    }

    /// The store selection these options describe (the sequence upper bound is applied while reading).
    var selection: EventSelection {
        var selection = EventSelection()
        selection.direction = backward ? .backward : .forward
        selection.fromSequence = backward ? toSeq : fromSeq
        selection.stream = stream.flatMap(StreamName.init)
        selection.types = type.isEmpty ? nil : Set(type)
        selection.knownAt = knownAt?.knownAt ?? .head
        selection.occurredFrom = occurredFrom?.instant
        selection.occurredBefore = occurredTo?.exclusiveEnd
        return selection
    }

    package func run(in environment: CommandEnvironment) throws {
        let store = try StoreAccess.open(storeOptions.path(in: environment), environment, readOnly: true)
        let head: Checkpoint
        do { head = try store.checkpoint(knownAt: selection.knownAt) } catch { throw CarelogError.from(error) }
        let table = LogTable(maximumSequence: head.sequence)
        let output = environment.output
        if format == .table { output.line(table.header) }
        var shown = 0
        let limit = self.limit
        let lower = backward ? fromSeq : nil
        let upper = backward ? nil : toSeq
        let ndjson = format == .ndjson
        let withRecordedAt = self.withRecordedAt
        struct Stop: Error {}
        do {
            try store.read(selection) { event in
                if let upper, event.sequence > upper { throw Stop() }
                if let lower, event.sequence < lower { throw Stop() }
                if let limit, shown >= limit { throw Stop() }
                shown += 1
                output.line(
                    ndjson ? EventLine.ndjson(for: event, includeRecordedAt: withRecordedAt) : table.line(for: event))
            }
        } catch is Stop {
        } catch {
            throw CarelogError.from(error)
        }
    }
}
