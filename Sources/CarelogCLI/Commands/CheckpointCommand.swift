import ArgumentParser
import LMDBEventLog
import EventLog
import Foundation

/// `carelog checkpoint`: prints or saves the log's checkpoint.
public struct CheckpointCommand: EnvironmentCommand {
    public static let configuration = CommandConfiguration(
        commandName: "checkpoint",
        abstract: "Print or save the checkpoint: store id, head sequence and hash.",
        discussion: """
            Hand the checkpoint to an auditor; `carelog verify --checkpoint FILE` later proves \
            nothing at or before it has changed.

            Example:
              carelog checkpoint --output board-2020-03.checkpoint.json
              carelog checkpoint --known-at 1200
            """)

    @OptionGroup public var storeOptions: StoreOptions

    @Option(name: .long, help: ArgumentHelp("Save to this file instead of printing.", valueName: "file"))
    public var output: String?

    @Option(
        name: .long,
        help: ArgumentHelp("The checkpoint as known at a sequence number, an instant or the end of a date.", valueName: "seq|timestamp"))
    public var knownAt: KnownAtArgument?

    public init() {}

    public func run(in environment: CommandEnvironment) throws {
        let store = try StoreAccess.open(storeOptions.path(in: environment), environment, readOnly: true)
        let checkpoint: Checkpoint
        do { checkpoint = try store.checkpoint(knownAt: knownAt?.knownAt ?? .head) } catch { throw CLIError.from(error) }
        let json = CheckpointFile.json(checkpoint)
        guard let output else {
            environment.output.write(json)
            return
        }
        do {
            try Data(json.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
        } catch {
            throw CLIError.storeOrIO("cannot write \(output): \(error.localizedDescription)")
        }
        environment.output.line(
            "saved checkpoint (sequence \(checkpoint.sequence), hash \(checkpoint.headHash.hex)) to \(output)")
    }
}
