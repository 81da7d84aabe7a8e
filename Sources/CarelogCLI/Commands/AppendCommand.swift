import ArgumentParser
import CareRecord
import CarelogOperations
import EventLog
import Foundation
import LMDBEventLog

/// `carelog append`: validates and appends one event given as an NDJSON event line.
package struct AppendCommand: EnvironmentCommand {
    package static let configuration = CommandConfiguration(
        commandName: "append",
        abstract: "Append one event, given as JSON on standard input or in a file.",
        discussion: """
            The event is one line of the NDJSON form (Docs/events.md): stream, type, occurredAt, \
            actor and data, optionally expectedVersion and idempotencyKey. It is validated \
            (fields, values, references, lifecycle order) before anything is written. It is read \
            from standard input, or from --file FILE, never from the command line (where it \
            would show in process lists and shell history).

            An event that restates a fact already recorded (Docs/events.md, "Fact identity") \
            is not appended again: the command says where the fact is recorded.

            Exit codes: 0 appended (or already recorded); 65 invalid event; 74 store or file \
            error; 75 the stream is not at --expected-version.

            Example:
              carelog append --expected-version 1 --file check-in.json
              carelog append < check-in.json
            """)

    @OptionGroup package var storeOptions: StoreOptions

    /// A file holding the event; standard input when absent or `-`.
    @Option(
        name: .long, help: ArgumentHelp("Read the event from this file instead of standard input.", valueName: "file"))
    package var file: String?

    /// The stream version expected before the append.
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Append only if the stream is at this version: a number, noStream (or 0) or any.", valueName: "version"))
    package var expectedVersion: ExpectedVersionArgument?

    /// Makes a retry safe.
    @Option(name: .long, help: ArgumentHelp("A key that makes retrying safe (1–200 bytes).", valueName: "key"))
    package var idempotencyKey: String?

    package init() {}

    package func validate() throws {
        let limit = AppendPlanner.maximumIdempotencyKeyLength
        if let idempotencyKey, idempotencyKey.isEmpty || idempotencyKey.utf8.count > limit {
            throw ValidationError("--idempotency-key must be 1 to \(limit) bytes")
        }
    }

    package func run(in environment: CommandEnvironment) throws {
        let bytes: [UInt8]
        if let file, file != "-" {
            guard FileManager.default.fileExists(atPath: file) else {
                throw CarelogError.storeOrIO("no file at the --file path; give a file holding one JSON event")
            }
            do { bytes = Array(try Data(contentsOf: URL(fileURLWithPath: file))) } catch {
                throw CarelogError.storeOrIO("cannot read the --file: \(error.localizedDescription)")
            }
        } else {
            do { bytes = try environment.readStandardInput() } catch {
                throw CarelogError.storeOrIO("cannot read standard input: \(error.localizedDescription)")
            }
        }
        var reader = NDJSONReader(bytes: bytes)
        guard var line = try reader.next() else {
            throw CarelogError.invalidInput("no event given; pass one JSON object on standard input or with --file")
        }
        if try reader.next() != nil {
            throw CarelogError.invalidInput("more than one event given; use `carelog import` for several events")
        }
        if let expectedVersion { line.expectedVersion = expectedVersion.value }
        if let idempotencyKey { line.idempotencyKey = idempotencyKey }

        let store = try StoreAccess.open(storeOptions.path(in: environment), environment)
        // Planned and appended so that a fact another process appends at the same moment is not
        // recorded twice (``OneEventAppend``).
        let result: AppendResult
        do {
            switch try OneEventAppend.append(line, to: store, now: environment.clock) {
            case .alreadyRecorded(let recorded):
                let sequence = recorded.sequence.map { "sequence \($0) " } ?? ""
                environment.output.line(
                    "already recorded as \(sequence)(stream \(recorded.stream) version \(recorded.version)); nothing new was written"
                )
                return
            case .appended(let appended):
                result = appended
            }
        } catch let error as EventStoreError {
            throw CarelogError.from(error)
        }
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
package struct ExpectedVersionArgument: ExpressibleByArgument, Sendable, Hashable {
    /// The expectation.
    package var value: ExpectedVersion

    package init?(argument: String) {
        switch argument {
        case "any": value = .any
        case "noStream", "no-stream": value = .noStream
        default:
            guard let number = UInt32(argument) else { return nil }
            value = number == 0 ? .noStream : .exactly(number)
        }
    }
}
