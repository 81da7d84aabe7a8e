import CareRecord
import CarelogOperations
import EventLog
import Foundation
import Hummingbird
import NIOCore

extension CarelogServer {
    /// `POST /v1/events`: one event line, validated as `carelog append` validates it.
    func append(_ request: inout Request, _ identity: ServiceIdentity) async throws -> Response {
        if readOnly { throw ServiceProblem.unavailable("the service is read-only; appends are refused") }
        let bytes = try await body(of: &request)
        // The line is authorised before validation, so a refused caller learns nothing about the
        // record from validation messages.
        var authorised: Set<ServiceAction> = []
        for action in LineAddressing.actions(in: bytes) where authorised.insert(action).inserted {
            _ = try await gate.authorise(action, by: identity, reason: nil)
        }
        var reader = NDJSONReader(bytes: bytes)
        guard var line = try Self.checked({ () throws(CatalogueError) in try reader.next() }) else {
            throw ServiceProblem.invalidInput("no event given; send one JSON event line as the body")
        }
        // The parsed line names the same type and stream as the raw one unless the JSON is unusual
        // (say, an escaped name): then it is decided again as parsed.
        if authorised.insert(.append(type: line.type, stream: line.stream)).inserted {
            _ = try await gate.authorise(.append(type: line.type, stream: line.stream), by: identity, reason: nil)
        }
        if try Self.checked({ () throws(CatalogueError) in try reader.next() }) != nil {
            throw ServiceProblem.invalidInput("more than one event given; use POST /v1/import for several events")
        }
        line.actor = identity.actor
        let store = store
        let now = clock()
        let appended = line
        let outcome = try await StoreWork.run { () throws -> AppendBody in
            var planner = ImportPlanner(
                validator: EventValidator(now: now), lookup: EventStoreReferenceLookup(store: store), pinsHead: false)
            guard let chunk = try planner.add(appended) ?? planner.finish() else {
                guard let recorded = planner.lastAlreadyRecorded else {
                    throw ServiceProblem(status: .internalServerError, detail: "nothing to append")
                }
                return AppendBody(
                    outcome: "alreadyRecorded", sequence: recorded.sequence, stream: recorded.stream.description,
                    streamVersion: recorded.version)
            }
            let result = try store.append(chunk.batch)
            guard let position = result.positions.first else {
                throw ServiceProblem(status: .internalServerError, detail: "the store reported no position")
            }
            return AppendBody(
                outcome: result.wasAlreadyAppended ? "alreadyAppended" : "appended", sequence: position.sequence,
                stream: position.stream.description, streamVersion: position.streamVersion)
        }
        return JSONBody.response(outcome, status: outcome.outcome == "appended" ? .created : .ok)
    }

    /// `POST /v1/import`: NDJSON event lines, imported as `carelog import` imports them (atomic
    /// as a whole, or per `chunk` lines), every event's actor the signed-in identity.
    func importEvents(_ request: inout Request, _ identity: ServiceIdentity) async throws -> Response {
        if readOnly { throw ServiceProblem.unavailable("the service is read-only; imports are refused") }
        var chunkSize: Int?
        if let text = request.uri.queryParameters.get("chunk") {
            guard let size = Int(text), size > 0 else {
                throw ServiceProblem.badRequest("chunk must be a whole number above 0")
            }
            chunkSize = size
        }
        let bytes = try await body(of: &request)
        // Every line the caller may not append is refused before anything is validated or appended:
        // first as the raw JSON names it (so a refused caller learns nothing from validation), then
        // as the importer will parse it, up to the first line that does not parse (the importer
        // stops there and names it).
        var actions = LineAddressing.actions(in: bytes)
        var reader = NDJSONReader(bytes: bytes)
        while let line = try? reader.next() { actions.append(.append(type: line.type, stream: line.stream)) }
        var checked: Set<ServiceAction> = []
        for action in actions where checked.insert(action).inserted {
            _ = try await gate.authorise(action, by: identity, reason: nil)
        }
        let importer = {
            var importer = EventImporter(chunkSize: chunkSize)
            importer.actor = identity.actor
            return importer
        }()
        let store = store
        let now = clock()
        let summary = try await StoreWork.run { try importer.run(bytes, into: store, now: now) }
        return JSONBody.response(ImportBody(summary), status: summary.appended > 0 ? .created : .ok)
    }

    /// The request body, up to the configured limit (413 beyond it).
    func body(of request: inout Request) async throws(ServiceProblem) -> [UInt8] {
        do {
            let buffer = try await request.collectBody(upTo: configuration.bodyLimit)
            return Array(buffer.readableBytesView)
        } catch {
            throw ServiceProblem(status: .contentTooLarge, detail: "the body is over \(configuration.bodyLimit) bytes")
        }
    }

    static func checked<T>(_ body: () throws(CatalogueError) -> T) throws(ServiceProblem) -> T {
        do { return try body() } catch { throw ServiceProblem.from(error) }
    }
}
