import ArgumentParser
import CarelogOperations
import EventLog
import LMDBEventLog

/// `carelog init`: creates an empty store.
package struct InitCommand: EnvironmentCommand {
    package static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create an empty store.",
        discussion: """
            Fails (exit 74) if the directory already holds a store. Also creates the store's \
            proof keys in <store>/keys (owner-only): the Ed25519 key that signs checkpoints, \
            the secret the Merkle leaves' field salts derive from, and the secret recipients' \
            pseudonym slot keys derive from (so the log proves their pseudonyms).

            Example:
              carelog init --store /srv/carelog/barrhead
            """)

    @OptionGroup package var storeOptions: StoreOptions

    package init() {}

    package func run(in environment: CommandEnvironment) throws {
        let path = storeOptions.path(in: environment)
        let store = try StoreAccess.create(path, environment)
        _ = try LogKeyFiles.loadOrCreateSigner(store: path, storeID: store.storeID)
        _ = try LogKeyFiles.loadOrCreateSaltKey(store: path)
        _ = try LogKeyFiles.loadOrCreatePseudonymRoot(store: path)
        environment.output.line("created an empty store at \(path) (store id \(store.storeID))")
    }
}
