import CareRecord
import EventLog
import Foundation
import HTTPTypes
import Hummingbird
import LMDBEventLog
import Logging
import NIOCore

/// `carelog serve`: the HTTP service over one store, opened once per process.
///
/// A thin door onto the modules the command line uses: appends go through the same
/// ``CareRecord/ImportPlanner`` validation and fact identity as `carelog append`, and the
/// actor of every appended event is the signed-in identity, never a field of the request.
package struct CarelogServer: Sendable {
    /// The store every request uses.
    package let store: any EventStore
    /// Who may sign in.
    package let authenticator: Authenticator
    /// Limits and keys.
    package let configuration: ServiceConfiguration
    /// When true, every write is refused with 503.
    package let readOnly: Bool
    /// The clock for validation ("not in the future").
    package let clock: @Sendable () -> Timestamp
    /// More routes on the same router (the web pages, `CarelogWeb`), added after the API's.
    package var extraRoutes: (@Sendable (Router<BasicRequestContext>) -> Void)?

    package init(
        store: any EventStore, authenticator: Authenticator, configuration: ServiceConfiguration, readOnly: Bool,
        clock: @escaping @Sendable () -> Timestamp,
        extraRoutes: (@Sendable (Router<BasicRequestContext>) -> Void)? = nil
    ) {
        self.store = store
        self.authenticator = authenticator
        self.configuration = configuration
        self.readOnly = readOnly
        self.clock = clock
        self.extraRoutes = extraRoutes
    }

    /// The router answering every ``ServiceRoute``.
    package func router() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: RequestLogMiddleware())
        for route in ServiceRoute.allCases {
            router.on(RouterPath(route.path), method: route.method) { request, context in
                try await self.respond(route, request, context)
            }
        }
        extraRoutes?(router)
        return router
    }

    /// The application listening on `host`:`port`.
    package func application(host: String, port: Int, logger: Logger) -> some ApplicationProtocol {
        Application(
            router: router(), configuration: .init(address: .hostname(host, port: port), serverName: "carelog"),
            logger: logger)
    }

    /// Listens until SIGTERM or SIGINT, then stops accepting connections and lets requests in
    /// flight (appends included) finish before returning.
    package func run(host: String, port: Int, logger: Logger) async throws {
        // Hummingbird's default graceful-shutdown signals are SIGTERM and SIGINT.
        try await application(host: host, port: port, logger: logger).runService()
    }

    private func respond(_ route: ServiceRoute, _ request: Request, _ context: BasicRequestContext) async throws
        -> Response
    {
        var identity: ServiceIdentity?
        if route.requiresIdentity {
            identity = try await authenticator.identify(
                authorization: request.headers[.authorization], apiKeyHeader: request.headers[.xAPIKey])
        }
        switch route {
        case .health: return JSONBody.response(["status": "ok"])
        case .ready: return try ready()
        case .openAPI: return try OpenAPIDocument.response()
        case .checkpoint: return try checkpoint()
        case .verify: return try verify(identity)
        case .appendEvent:
            var request = request
            return try await append(&request, identity)
        }
    }

    private func ready() throws -> Response {
        do { _ = try store.checkpoint() } catch { throw ServiceProblem.unavailable("the store cannot be read") }
        return JSONBody.response(["status": "ready", "mode": readOnly ? "read-only" : "read-write"])
    }

    private func checkpoint() throws -> Response {
        let checkpoint: Checkpoint
        do { checkpoint = try store.checkpoint() } catch { throw ServiceProblem.from(error) }
        return JSONBody.response(CheckpointBody(checkpoint))
    }

    private func verify(_ identity: ServiceIdentity?) throws -> Response {
        guard identity?.kind == .token else {
            throw ServiceProblem.forbidden("verify is for signed-in staff, not API keys")
        }
        let report: VerificationReport
        do { report = try store.verify(against: nil) } catch { throw ServiceProblem.from(error) }
        return JSONBody.response(VerifyBody(report))
    }

    private func append(_ request: inout Request, _ identity: ServiceIdentity?) async throws -> Response {
        if readOnly { throw ServiceProblem.unavailable("the service is read-only; appends are refused") }
        guard let identity else { throw ServiceProblem.unauthorized("sign in first") }
        try Self.authoriseAppending(by: identity)
        let buffer: ByteBuffer
        do { buffer = try await request.collectBody(upTo: configuration.bodyLimit) } catch {
            throw ServiceProblem(
                status: .contentTooLarge, detail: "the body is over \(configuration.bodyLimit) bytes")
        }
        let bytes = Array(buffer.readableBytesView)
        // The key's allowance is checked before validation, so a refused caller learns nothing
        // about the record from validation messages.
        if let type = Self.eventType(in: bytes) { try Self.authorise(append: type, by: identity) }
        var reader = NDJSONReader(bytes: bytes)
        guard var line = try Self.checked({ () throws(CatalogueError) in try reader.next() }) else {
            throw ServiceProblem.invalidInput("no event given; send one JSON event line as the body")
        }
        if try Self.checked({ () throws(CatalogueError) in try reader.next() }) != nil {
            throw ServiceProblem.invalidInput("more than one event given; use POST /v1/import for several events")
        }
        try Self.authorise(append: line.type, by: identity)
        line.actor = identity.actor
        var planner = ImportPlanner(
            validator: EventValidator(now: clock()), lookup: EventStoreReferenceLookup(store: store), pinsHead: false)
        let chunk: ImportChunk?
        do { chunk = try planner.add(line) ?? planner.finish() } catch { throw ServiceProblem.from(error) }
        guard let chunk else {
            guard let recorded = planner.lastAlreadyRecorded else {
                throw ServiceProblem(status: .internalServerError, detail: "nothing to append")
            }
            return JSONBody.response(
                AppendBody(
                    outcome: "alreadyRecorded", sequence: recorded.sequence, stream: recorded.stream.description,
                    streamVersion: recorded.version))
        }
        let result: AppendResult
        do { result = try store.append(chunk.batch) } catch { throw ServiceProblem.from(error) }
        guard let position = result.positions.first else {
            throw ServiceProblem(status: .internalServerError, detail: "the store reported no position")
        }
        return JSONBody.response(
            AppendBody(
                outcome: result.wasAlreadyAppended ? "alreadyAppended" : "appended", sequence: position.sequence,
                stream: position.stream.description, streamVersion: position.streamVersion),
            status: result.wasAlreadyAppended ? .ok : .created)
    }

    /// Who may append at all, checked before the body is read: API keys; signed-in staff append
    /// nothing until roles (AccessGranted events) exist.
    package static func authoriseAppending(by identity: ServiceIdentity) throws(ServiceProblem) {
        if identity.kind == .token {
            throw .forbidden("appending as signed-in staff needs a role; roles are not yet granted by this service")
        }
    }

    /// What an API key may append: only the event types its configuration lists.
    package static func authorise(append type: String, by identity: ServiceIdentity) throws(ServiceProblem) {
        guard identity.kind == .apiKey, identity.allowedEventTypes.contains(type) else {
            throw .forbidden("this API key may not append \(type) events")
        }
    }

    /// The `type` member of a body holding one JSON object, if it has one.
    private static func eventType(in bytes: [UInt8]) -> String? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] else { return nil }
        return object["type"] as? String
    }

    private static func checked<T>(_ body: () throws(CatalogueError) -> T) throws(ServiceProblem) -> T {
        do { return try body() } catch { throw ServiceProblem.from(error) }
    }
}

extension HTTPField.Name {
    /// `X-API-Key`: a machine client's key.
    package static var xAPIKey: HTTPField.Name {
        guard let name = HTTPField.Name("X-API-Key") else { preconditionFailure("X-API-Key is a valid field name") }
        return name
    }
}
