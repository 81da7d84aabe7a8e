import ArgumentParser
import CareCalendar
import CarelogOperations
import CarelogService
import CarelogWeb
import Dispatch
import EventLog
import Foundation
import LMDBEventLog
import Logging
import Synchronization

/// `carelog serve`: the HTTP service over one store (Docs/service.md).
package struct ServeCommand: EnvironmentCommand {
    package static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the HTTP service over the store (sign-in by bearer token or API key).",
        discussion: """
            Listens on --host:--port (loopback by default) until SIGTERM or SIGINT; then it stops \
            accepting connections and lets requests in flight, appends included, finish. The \
            store is opened once. --config names a JSON file with the identity provider's issuer, \
            audience and JWKS file, and the API keys (as SHA-256 hashes) with the event types each \
            may append (Docs/service.md, "Configuration"). --read-only refuses every write with 503.

            While it runs, a report warmer keeps the dashboards' saved fold states (RAG table, \
            compliance and its trend, visit delivery, as at today) up to date in <store>/cache, at \
            low priority, so no one's first request folds the whole log; the configuration's \
            "warm" member adds reporting dates or turns it off, as does --no-warm.

            Logs go to standard error, one line per request: request id, route, status, duration.

            Example:
              carelog serve --store demo-store --config Tools/service/test-config.json
            """)

    @OptionGroup package var storeOptions: StoreOptions

    @Option(name: .long, help: ArgumentHelp("The service configuration (JSON).", valueName: "file"))
    package var config: String

    @Option(name: .long, help: ArgumentHelp("The address to listen on.", valueName: "host"))
    package var host = "127.0.0.1"

    @Option(name: .long, help: ArgumentHelp("The port to listen on.", valueName: "port"))
    package var port = 8080

    @Flag(name: .long, help: "Open the store read-only and refuse every write.")
    package var readOnly = false

    @Flag(name: .long, help: "Do not keep the dashboards' saved report states warm in the background.")
    package var noWarm = false

    @Flag(name: .long, help: "Do not extend the Merkle tree over new events in the background.")
    package var noTree = false

    package init() {}

    /// How many single appends wait unindexed at most while the service runs (see ``StoreAccess``).
    static let indexBatch = 32

    package func validate() throws {
        if !(0...65535).contains(port) { throw ValidationError("--port must be 0 to 65535") }
    }

    package func run(in environment: CommandEnvironment) throws {
        let configuration: ServiceConfiguration
        do { configuration = try ServiceConfiguration.load(path: config) } catch {
            throw CarelogError.usage(error.description)
        }
        let web: WebConfiguration?
        do { web = try WebConfiguration.load(configurationPath: config) } catch {
            throw CarelogError.usage(error.description)
        }
        let warmDates: [CareDate]
        do { warmDates = try configuration.warm?.dates() ?? [] } catch { throw CarelogError.usage(error.description) }
        let warm = !noWarm && (configuration.warm?.isEnabled ?? true)
        let storePath = storeOptions.path(in: environment)
        // Every request reads its streams and the access register's events, and each read scans
        // the events not yet indexed: a short tail keeps those reads short under single appends.
        let store = try StoreAccess.open(storePath, environment, readOnly: readOnly, indexBatch: Self.indexBatch)
        // The request log stamps each line in local time, and with TZ unset glibc checks
        // /etc/localtime again for every line (a file-status call per request); naming that same
        // file keeps the zone and reads it once.
        if getenv("TZ") == nil { setenv("TZ", ":/etc/localtime", 1) }
        // Requests' tasks run on the event loops that read their sockets (``TaskPlacement``).
        TaskPlacement.runTasksOnEventLoops()
        let treeFollower = readOnly || noTree ? nil : Self.treeFollower(store, storePath: storePath)
        let outcome = ServeOutcome()
        let done = DispatchSemaphore(value: 0)
        let host = host
        let port = port
        let readOnly = readOnly
        let clock = environment.clock
        Task.detached {
            do {
                let authenticator = try await Authenticator.load(configuration: configuration)
                // One projection cache for the process (LMDB opens an environment once per
                // process): the register resumes from its state there, and the API's reports and
                // the web pages resume their folds from it.
                let reportCache = SharedReportCache(storePath: storePath)
                if reportCache.unlent == nil {
                    Logger(label: "carelog.serve").warning(
                        "the projection cache (<store>/cache) could not be opened: the access register is folded from the whole log at every start, and reports and timelines read the log; `carelog cache clear` and a restart make a new one"
                    )
                }
                let gate = try reportCache.withCache {
                    try RegisterGate(store: store, clock: clock, checkpoints: $0, saving: false)
                }
                if gate.isAheadOfSavedState {
                    // Saved once the service is listening: the next start resumes from here.
                    Task.detached(priority: .background) {
                        do { try await gate.saveRegister(in: reportCache) } catch {
                            Logger(label: "carelog.serve").warning(
                                "the access register could not be saved in the projection cache; the next start folds the events since its last saved state: \(error)"
                            )
                        }
                    }
                }
                var server = CarelogServer(
                    store: store, storePath: storePath, authenticator: authenticator, gate: gate,
                    configuration: configuration, readOnly: readOnly, clock: clock, reportCache: reportCache)
                if warm, reportCache.unlent != nil {
                    let warmer = ReportWarmer(
                        store: store, cache: reportCache, clock: clock,
                        settings: ReportWarmer.Settings(reportingDates: warmDates))
                    server.services.append(warmer)
                    server.warming = warmer.status
                }
                if let follower = treeFollower { server.services.append(follower) }
                if let web {
                    let pages = try await WebPages.make(
                        store: store, storePath: storePath, service: configuration, web: web, gate: gate,
                        reportCache: reportCache, environment: ProcessInfo.processInfo.environment, clock: clock)
                    server.extraRoutes = { pages.addRoutes(to: $0) }
                }
                try await server.run(host: host, port: port, logger: Logger(label: "carelog.serve"))
            } catch let error as ServiceSetupError {
                outcome.result.withLock { $0 = .failure(.usage(error.description)) }
            } catch let error as WebSetupError {
                outcome.result.withLock { $0 = .failure(.usage(error.description)) }
            } catch {
                outcome.result.withLock { $0 = .failure(.storeOrIO("the service stopped: \(error)")) }
            }
            done.signal()
        }
        done.wait()
        try outcome.result.withLock { $0 }.get()
    }
}

extension ServeCommand {
    /// The background extension of the Merkle tree, reading the store's keys as signing does at
    /// each extension: it extends nothing while the store has no field salt key (`carelog init`
    /// and the first `carelog checkpoint --sign` create it), and fails (logged) where the tree's v2 leaves need a
    /// pseudonym root key that is missing, as signing refuses then.
    static func treeFollower(_ store: LMDBEventStore, storePath: String) -> TreeFollower {
        TreeFollower(store: store) { () throws -> TreeFollower.Keys? in
            guard let saltKey = try LogKeyFiles.loadSaltKey(store: storePath) else { return nil }
            let pseudonymRoot = try CheckpointSigning.pseudonymRoot(store, storePath: storePath)
            return TreeFollower.Keys(saltKey: saltKey, pseudonymRoot: pseudonymRoot)
        }
    }
}

/// How the service ended, handed from the server's task to the waiting command.
private final class ServeOutcome: Sendable {
    let result = Mutex<Result<Void, CarelogError>>(.success(()))
}
