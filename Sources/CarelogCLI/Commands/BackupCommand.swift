import ArgumentParser
import LMDBEventLog
import EventLog

/// `carelog backup DEST`: a consistent, compacted copy of a live store, verified.
public struct BackupCommand: EnvironmentCommand {
    public static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Write a consistent, compacted copy of the store, then verify the copy.",
        discussion: """
            Safe while other processes append (the copy is one consistent snapshot). The \
            destination directory must be new or empty. The copy is an ordinary store: open it \
            with --store DEST.

            Exit codes: 0 copied and verified; 1 the copy did not verify; 74 store or I/O error.

            Example:
              carelog backup /backups/carelog-$(date +%F)
            """)

    @OptionGroup public var storeOptions: StoreOptions

    @Argument(help: ArgumentHelp("The new backup directory (must be empty or absent).", valueName: "dest"))
    public var destination: String

    public init() {}

    public func run(in environment: CommandEnvironment) throws {
        let store = try StoreAccess.open(storeOptions.path(in: environment), environment)
        do { try store.backup(to: destination) } catch { throw CLIError.from(error) }
        let copy = try StoreAccess.open(destination, environment, readOnly: true)
        let report = try VerifyCommand.verify(copy, against: nil, environment)
        guard report.isValid else {
            try VerifyCommand.print(report, checkpoint: nil, environment)
            return
        }
        environment.output.line(
            "backed up \(report.eventsChecked) events to \(destination); the copy verifies: head sequence \(report.head.sequence) hash \(report.head.headHash.hex)")
    }
}
