import CareCalendar
import CareRecord
import CarelogOperations
import EventLog
import Foundation
import HTTPTypes
import Hummingbird
import LMDBEventLog
import Logging
import NIOCore
import ServiceLifecycle

/// `carelog serve`: the HTTP service over one store, opened once per process.
///
/// A thin door onto the modules the command line uses (``CarelogOperations``): appends and
/// imports go through the same validation and fact identity as `carelog append` and
/// `carelog import`, reports through ``CarelogOperations/ReportWiring``, histories through
/// ``CarelogOperations/AuditWiring``. The actor of every appended event is the signed-in
/// identity, never a field of the request. Every route's action passes the ``AccessGate``;
/// blocking store work runs on ``StoreWork``'s pool, never on an event loop; an append plans on
/// its request's task (on the event loop that read it, when `carelog serve` has placed tasks
/// there, ``TaskPlacement``) and awaits its durable commit without holding a thread.
package struct CarelogServer: Sendable {
    /// The store every request uses.
    package let store: any EventStore
    /// The store's folder (pseudonym keys, report cache), when the store is on disk.
    package let storePath: String?
    /// Who may sign in.
    package let authenticator: Authenticator
    /// Who may do what, and the record of reads.
    package let gate: any AccessGate
    /// Limits and keys.
    package let configuration: ServiceConfiguration
    /// When true, every write is refused with 503.
    package let readOnly: Bool
    /// The clock for validation ("not in the future") and default reporting dates.
    package let clock: @Sendable () -> Timestamp
    /// The report folds' checkpoints (`<store>/cache`), opened once: lent to one report at a time,
    /// used unlent by the report warmer and for the latest verified position.
    let reportCache: SharedReportCache
    /// More routes on the same router (the web pages, `CarelogWeb`), added after the API's.
    package var extraRoutes: (@Sendable (Router<BasicRequestContext>) -> Void)?
    /// Services run beside the server (the ``ReportWarmer``); on graceful shutdown they stop
    /// after the server has drained.
    package var services: [any Service] = []
    /// What the report warmer is doing, reported by `/ready` (nil: no warmer).
    package var warming: ReportWarmerStatus?

    package init(
        store: any EventStore, storePath: String? = nil, authenticator: Authenticator,
        gate: any AccessGate = KeyAllowanceGate(), configuration: ServiceConfiguration, readOnly: Bool,
        clock: @escaping @Sendable () -> Timestamp, reportCache: SharedReportCache? = nil,
        extraRoutes: (@Sendable (Router<BasicRequestContext>) -> Void)? = nil
    ) {
        self.store = store
        self.storePath = storePath
        self.authenticator = authenticator
        self.gate = gate
        self.configuration = configuration
        self.readOnly = readOnly
        self.clock = clock
        self.reportCache = reportCache ?? SharedReportCache(storePath: storePath)
        self.extraRoutes = extraRoutes
    }

    /// The router answering every ``ServiceRoute``.
    package func router() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        addRoutes(to: router)
        extraRoutes?(router)
        return router
    }

    /// Adds every ``ServiceRoute`` (and the request log) to `router`, so other doors (the web
    /// pages) can share one router and one ``identify(_:)``.
    package func addRoutes<Context: RequestContext>(to router: Router<Context>) {
        router.add(middleware: RequestLogMiddleware<Context>())
        for route in ServiceRoute.allCases {
            router.on(RouterPath(route.path), method: route.method) { request, context in
                try await self.respond(route, request, context)
            }
        }
    }

    /// The application listening on `host`:`port`.
    package func application(host: String, port: Int, logger: Logger) -> some ApplicationProtocol {
        Application(
            router: router(), configuration: .init(address: .hostname(host, port: port), serverName: "carelog"),
            services: services, logger: logger)
    }

    /// Listens until SIGTERM or SIGINT, then stops accepting connections and lets requests in
    /// flight (appends included) finish before returning.
    package func run(host: String, port: Int, logger: Logger) async throws {
        // Hummingbird's default graceful-shutdown signals are SIGTERM and SIGINT.
        try await application(host: host, port: port, logger: logger).runService()
    }

    /// Who sent `request` (bearer token or API key), or a 401 problem.
    package func identify(_ request: Request) async throws(ServiceProblem) -> ServiceIdentity {
        try await authenticator.identify(
            authorization: request.headers[.authorization], apiKeyHeader: request.headers[.xAPIKey])
    }

    /// Today in UK time by the service's clock: the default reporting date.
    var today: CareDate { UKTime.ukDate(epochMilliseconds: clock().millisecondsSinceEpoch) }

    private func respond(_ route: ServiceRoute, _ request: Request, _ context: some RequestContext) async throws
        -> Response
    {
        guard route.requiresIdentity else {
            switch route {
            case .ready: return try await ready()
            case .openAPI: return try OpenAPIDocument.response()
            default: return JSONBody.okResponse()
            }
        }
        let identity = try await identify(request)
        let reason = request.headers[.carelogReason]
        do {
            switch route {
            case .health, .ready, .openAPI: return JSONBody.okResponse()
            case .checkpoint:
                _ = try await gate.authorise(.readCheckpoint, by: identity, reason: nil)
                return try await checkpoint()
            case .verify:
                _ = try await gate.authorise(.verify, by: identity, reason: nil)
                return try await verify()
            case .appendEvent:
                var request = request
                return try await append(&request, identity)
            case .importEvents:
                var request = request
                return try await importEvents(&request, identity)
            case .streamHistory:
                return try await streamHistory(request, context, identity, reason: reason)
            case .personTimeline:
                return try await personTimeline(request, context, identity, reason: reason)
            case .report:
                return try await report(request, context, identity, reason: reason)
            case .notificationExtract:
                return try await notificationExtract(request, identity, reason: reason)
            case .accessReport:
                return try await accessReport(request, identity, reason: reason)
            case .grantAccess:
                var request = request
                return try await grantAccess(&request, identity)
            case .revokeAccess:
                var request = request
                return try await revokeAccess(&request, identity)
            case .listGrants:
                return try await listGrants(request, identity)
            }
        } catch {
            throw ServiceProblem.from(error)
        }
    }

    /// Ready when the store can be read; `reports` says whether the report warmer is warming,
    /// warm or off (never waited for: a request made while warming folds what it must).
    private func ready() async throws -> Response {
        let store = store
        do { _ = try await StoreWork.run { try store.checkpoint() } } catch {
            throw ServiceProblem.unavailable("the store cannot be read")
        }
        return JSONBody.response([
            "status": "ready", "mode": readOnly ? "read-only" : "read-write",
            "reports": warming?.snapshot.state.rawValue ?? "off",
        ])
    }

    private func checkpoint() async throws -> Response {
        let store = store
        let checkpoint = try await StoreWork.run { try store.checkpoint() }
        return JSONBody.response(CheckpointBody(checkpoint))
    }

    /// A full check of the log; its head, when sound, is saved as the latest verified position
    /// (the web page's chain checks resume from it; a problem forgets the saved position).
    private func verify() async throws -> Response {
        let store = store
        let report = try await StoreWork.run { try store.verify(against: nil) }
        reportCache.save(verifiedPosition: report.isValid ? VerifiedPosition(fullCheck: report, at: clock()) : nil)
        return JSONBody.response(VerifyBody(report))
    }
}

extension HTTPField.Name {
    /// `X-API-Key`: a machine client's key (built once: every request with a key looks it up).
    package static let xAPIKey: HTTPField.Name = {
        guard let name = HTTPField.Name("X-API-Key") else { preconditionFailure("X-API-Key is a valid field name") }
        return name
    }()

    /// `X-Carelog-Reason`: the reason stated for a read outside one's scope (break glass).
    package static let carelogReason: HTTPField.Name = {
        guard let name = HTTPField.Name("X-Carelog-Reason") else {
            preconditionFailure("X-Carelog-Reason is a valid field name")
        }
        return name
    }()
}
