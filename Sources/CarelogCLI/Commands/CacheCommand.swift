import ArgumentParser
import CarelogOperations
import LMDBEventLog

/// `carelog cache`: the projection cache in `<store>/cache`.
package struct CacheCommand: ParsableCommand {
    package static let configuration = CommandConfiguration(
        commandName: "cache", abstract: "Manage the projection cache (saved report folds).",
        subcommands: [CacheClearCommand.self])

    package init() {}
}

/// `carelog cache clear`: deletes the projection cache; the next report rebuilds it.
package struct CacheClearCommand: EnvironmentCommand {
    package static let configuration = CommandConfiguration(
        commandName: "clear",
        abstract: "Delete the projection cache of a store.",
        discussion: """
            Reports (compliance and the RAG table) save their folds in <store>/cache so that the \
            next report folds only the events since. The cache is not part of the log, its \
            verification or a backup; deleting it only makes the next report fold the whole log.

            Example:
              carelog cache clear --store care.store
            """)

    @OptionGroup package var storeOptions: StoreOptions

    package init() {}

    package func run(in environment: CommandEnvironment) throws {
        let path = storeOptions.path(in: environment)
        let removed: Bool
        do { removed = try FoldStateEnvironment.clear(storePath: path) } catch { throw CarelogError.from(error) }
        environment.output.line(removed ? "deleted the projection cache of \(path)" : "\(path) has no projection cache")
    }
}
