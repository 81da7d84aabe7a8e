import CareRecord
import CarelogOperations
import EventLog
import Foundation
import Hummingbird
import NIOCore

extension CarelogServer {
    /// `POST /v1/events`: one event line, validated as `carelog append` validates it.
    ///
    /// The access decision, parsing and planning run on the request's task: they read a few
    /// pages of the store's memory map and wait for no disk write. The append is then awaited
    /// without holding a thread (``EventLog/EventStore/appendDurably(_:)``): concurrent requests
    /// meet in the store's group commit, and each is answered only after its commit is durable.
    ///
    /// Requests stating the same fact may be planned side by side, each before the other's commit:
    /// so the append is planned by ``CarelogOperations/OneEventAppend`` (as `carelog append` is),
    /// which pins the stream's version unless the line states its own, and a request whose stream
    /// moved meanwhile is planned again — finding the fact the other request recorded, or
    /// appending after it. A fact is thus recorded once however many requests state it at once.
    func append(_ request: inout Request, _ identity: ServiceIdentity) async throws -> Response {
        if readOnly { throw ServiceProblem.unavailable("the service is read-only; appends are refused") }
        let bytes = try await body(of: &request)
        var line = try Self.authorisedLine(bytes, gate: gate, identity: identity)
        line.actor = identity.actor
        var attempt = 1
        while true {
            let outcome: AppendBody
            switch try OneEventAppend.plan(line, store: store, now: clock()) {
            case .alreadyRecorded(let recorded):
                outcome = AppendBody(
                    outcome: "alreadyRecorded", sequence: recorded.sequence, stream: recorded.stream.description,
                    streamVersion: recorded.version)
            case .append(let batch, let pinned):
                let result: AppendResult
                do {
                    result = try await TaskPlacement.appendDurably(batch, to: store)
                } catch {
                    guard attempt < OneEventAppend.replanLimit, let pinned, OneEventAppend.isConflict(error, on: pinned)
                    else { throw error }
                    attempt += 1
                    continue
                }
                guard let position = result.positions.first else {
                    throw ServiceProblem(status: .internalServerError, detail: "the store reported no position")
                }
                outcome = AppendBody(
                    outcome: result.wasAlreadyAppended ? "alreadyAppended" : "appended", sequence: position.sequence,
                    stream: position.stream.description, streamVersion: position.streamVersion)
            }
            return JSONBody.response(bytes: outcome.jsonBytes, status: outcome.outcome == "appended" ? .created : .ok)
        }
    }

    /// The one event line of an append body, once `identity` may append its type to its stream.
    ///
    /// A caller who may not append what the body names learns nothing from validation: a line
    /// that parses is decided as parsed (what would be appended); a line that does not parse is
    /// decided as its raw JSON names it (``LineAddressing``) before the parse error is reported.
    static func authorisedLine(_ bytes: [UInt8], gate: any AccessGate, identity: ServiceIdentity) throws -> EventLine {
        var reader = NDJSONReader(bytes: bytes)
        let parsed: EventLine?
        do {
            parsed = try reader.next()
        } catch {
            for action in LineAddressing.actions(in: bytes) { _ = try gate.authoriseNow(action, by: identity) }
            throw ServiceProblem.from(error)
        }
        guard let line = parsed else {
            throw ServiceProblem.invalidInput("no event given; send one JSON event line as the body")
        }
        _ = try gate.authoriseNow(.append(type: line.type, stream: line.stream), by: identity)
        if try Self.checked({ () throws(CatalogueError) in try reader.next() }) != nil {
            throw ServiceProblem.invalidInput("more than one event given; use POST /v1/import for several events")
        }
        return line
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
        let store = store
        let importer = {
            var importer = EventImporter(chunkSize: chunkSize)
            importer.actor = identity.actor
            // In chunks, long streams that leave memory go to the fact index in the store's cache.
            if chunkSize != nil { importer.factIndex = reportCache.unlent?.factIndex(for: store) }
            return importer
        }()
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
