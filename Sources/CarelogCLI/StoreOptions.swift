import ArgumentParser
import CarelogOperations

/// The `--store PATH` option every command takes.
package struct StoreOptions: ParsableArguments {
    /// The store directory given on the command line, if any.
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The store directory (default: $CARELOG_STORE, else ./carelog-store).", valueName: "path"))
    package var store: String?

    package init() {}

    /// The directory to use: `--store`, else `$CARELOG_STORE`, else `./carelog-store`.
    package func path(in environment: CommandEnvironment) -> String {
        if let store, !store.isEmpty { return store }
        if let fromEnvironment = environment.variables["CARELOG_STORE"], !fromEnvironment.isEmpty {
            return fromEnvironment
        }
        return "./carelog-store"
    }
}
