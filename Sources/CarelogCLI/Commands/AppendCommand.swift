import ArgumentParser
import LMDBEventLog
import CareRecord
import Foundation
import EventLog

/// `carelog append`: validates and appends one event given as an NDJSON event line.
public struct AppendCommand: EnvironmentCommand {
    public static let configuration = CommandConfiguration(
        commandName: "append",
        abstract: "Append one event, given as JSON (argument or standard input).",
        discussion: """
            The event is one line of the NDJSON form (Docs/events.md): stream, type, occurredAt, \
            actor and data, optionally expectedVersion and idempotencyKey. It is validated \
            (fields, values, references) before anything is written.

            Exit codes: 0 appended (or already appended with the same idempotency key); \
            65 invalid event; 74 store error; 75 the stream is not at --expected-version.

            Example:
              carelog append --expected-version 1 '{"stream":"visit/V0000001","type":"VisitCheckedIn",\
            "occurredAt":"2020-01-06T09:02:00Z","actor":"staff/S0042","data":{"checkedInAt":\
            "2020-01-06T09:02:00Z","staffId":"S0042","method":"electronic"}}'
            """)

    @OptionGroup public var storeOptions: StoreOptions

    /// The event as JSON; read from standard input when absent or `-`.
    @Argument(help: ArgumentHelp("The event as one JSON object; standard input when omitted or -.", valueName: "json"))
    public var json: String?

    /// The stream version expected before the append.
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Append only if the stream is at this version: a number, noStream (or 0) or any.", valueName: "version"))
    public var expectedVersion: ExpectedVersionArgument?

    /// Makes a retry safe.
    @Option(name: .long, help: ArgumentHelp("A key that makes retrying safe (1–200 bytes).", valueName: "key"))
    public var idempotencyKey: String?

    public init() {}

    public func validate() throws {
        let limit = AppendPlanner.maximumIdempotencyKeyLength
        if let idempotencyKey, idempotencyKey.isEmpty || idempotencyKey.utf8.count > limit {
            throw ValidationError("--idempotency-key must be 1 to \(limit) bytes")
        }
    }

    public func run(in environment: CommandEnvironment) throws {
        let bytes: [UInt8]
        if let json, json != "-" {
            bytes = Array(json.utf8)
        } else {
            do { bytes = try environment.readStandardInput() } catch {
                throw CLIError.storeOrIO("cannot read standard input: \(error.localizedDescription)")
            }
        }
        var reader = NDJSONReader(bytes: bytes)
        guard var line = try reader.next() else {
            throw CLIError.invalidInput("no event given; pass one JSON object as an argument or on standard input")
        }
        if try reader.next() != nil {
            throw CLIError.invalidInput("more than one event given; use `carelog import` for several events")
        }
        if let expectedVersion { line.expectedVersion = expectedVersion.value }
        if let idempotencyKey { line.idempotencyKey = idempotencyKey }

        let store = try StoreAccess.open(storeOptions.path(in: environment), environment)
        var planner = ImportPlanner(
            validator: EventValidator(now: environment.clock()), lookup: EventStoreReferenceLookup(store: store))
        guard let chunk = try planner.add(line) ?? planner.finish() else { return }
        let result: AppendResult
        do { result = try store.append(chunk.batch) } catch { throw CLIError.from(error) }
        guard let position = result.positions.first else { return }
        let place = "sequence \(position.sequence) (stream \(position.stream) version \(position.streamVersion))"
        if result.wasAlreadyAppended {
            environment.output.line("already appended as \(place); nothing new was written")
        } else {
            environment.output.line("appended \(place)")
        }
    }
}

/// `--expected-version`: a stream version, `noStream` (or 0) or `any`.
public struct ExpectedVersionArgument: ExpressibleByArgument, Sendable, Hashable {
    /// The expectation.
    public var value: ExpectedVersion

    public init?(argument: String) {
        switch argument {
        case "any": value = .any
        case "noStream", "no-stream": value = .noStream
        default:
            guard let number = UInt32(argument) else { return nil }
            value = number == 0 ? .noStream : .exactly(number)
        }
    }
}
