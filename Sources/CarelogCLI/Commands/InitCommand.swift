import ArgumentParser
import EventLog
import LMDBEventLog

/// `carelog init`: creates an empty store.
public struct InitCommand: EnvironmentCommand {
    public static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create an empty store.",
        discussion: """
            Fails (exit 74) if the directory already holds a store.

            Example:
              carelog init --store /srv/carelog/barrhead
            """)

    @OptionGroup public var storeOptions: StoreOptions

    public init() {}

    public func run(in environment: CommandEnvironment) throws {
        let path = storeOptions.path(in: environment)
        let store = try StoreAccess.create(path, environment)
        environment.output.line("created an empty store at \(path) (store id \(store.storeID))")
    }
}
