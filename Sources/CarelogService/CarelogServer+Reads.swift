import CareRecord
import CarelogOperations
import EventLog
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Projections
import Reports

extension CarelogServer {
    /// `GET /v1/streams/{kind}/{id}`: one stream's history (``CarelogOperations/AuditWiring``).
    func streamHistory(_ request: Request, _ context: some RequestContext, _ identity: ServiceIdentity, reason: String?)
        async throws -> Response
    {
        let kind = context.parameters.get("kind") ?? ""
        let id = context.parameters.get("id") ?? ""
        guard let stream = StreamName(kind: kind, id: id) else {
            throw ServiceProblem.badRequest("the stream must be <kind>/<id>, e.g. person/P00042")
        }
        let query = try ReportQuery(request, today: today)
        let use = try await gate.authorise(.readStream(stream), by: identity, reason: reason)
        let store = store
        let bytes = try await StoreWork.run {
            ReportRenderer().render(
                try AuditWiring.stream(stream, knownAt: query.knownAt, asAt: query.asAt, store: store), as: query.format
            )
        }
        try await gate.recordRead(use, parameters: query.recorded)
        return Self.bytes(bytes, format: query.format)
    }

    /// `GET /v1/people/{personId}/timeline`: a person's history across every stream about them.
    func personTimeline(
        _ request: Request, _ context: some RequestContext, _ identity: ServiceIdentity, reason: String?
    ) async throws -> Response {
        let personId = context.parameters.get("personId") ?? ""
        guard StreamName(kind: "person", id: personId) != nil else {
            throw ServiceProblem.badRequest(
                "the person id must be letters, digits and . _ : - (an identifier, never a name)")
        }
        let query = try ReportQuery(request, today: today)
        let use = try await gate.authorise(.readTimeline(personId: personId), by: identity, reason: reason)
        let store = store
        let index = reportCache.unlent?.personStreamIndex
        let bytes = try await StoreWork.run {
            ReportRenderer().render(
                try AuditWiring.person(personId, knownAt: query.knownAt, asAt: query.asAt, store: store, index: index),
                as: query.format)
        }
        try await gate.recordRead(use, parameters: query.recorded)
        return Self.bytes(bytes, format: query.format)
    }

    /// `GET /v1/reports/{kind}`: a report, as `carelog report …` builds it.
    func report(_ request: Request, _ context: some RequestContext, _ identity: ServiceIdentity, reason: String?)
        async throws -> Response
    {
        let name = context.parameters.get("kind") ?? ""
        guard let kind = ReportKind(rawValue: name), kind != .notifications, kind != .access else {
            throw ServiceProblem(
                status: .notFound,
                detail: "no such report; the reports are "
                    + ReportKind.allCases.filter { $0 != .notifications && $0 != .access }.map(\.rawValue)
                    .joined(separator: ", "))
        }
        let query = try ReportQuery(request, today: today)
        let reportRequest = try query.reportRequest(kind)
        if query.scope != nil, !ReportWiring.scopableKinds.contains(kind) {
            throw ServiceProblem.badRequest(ReportWiring.partnershipWideMessage(kind))
        }
        // A team or service scope is part of what is decided: a coordinator of one team may have
        // that team's report, not the partnership's.
        let use = try await gate.authorise(
            .report(kind, scope: query.scope ?? .partnership), by: identity, reason: reason,
            parameters: query.recorded)
        let store = store
        let cache = reportCache
        let rendered = try await StoreWork.run { () throws -> RenderedReport in
            try cache.withCache { try ReportWiring.report(kind, reportRequest, store: store, cache: $0) }
        }
        try await gate.recordRead(use, parameters: query.recorded)
        return Self.response(rendered, query)
    }

    /// `GET /v1/extracts/notifications`: the Care Inspectorate notification extract, pseudonymised
    /// with the recipient's key (created owner-only in `<store>/keys` on first use).
    func notificationExtract(_ request: Request, _ identity: ServiceIdentity, reason: String?) async throws -> Response
    {
        let query = try ReportQuery(request, today: today)
        if query.scope != nil { throw ServiceProblem.badRequest("the notification extract is partnership-wide") }
        try PseudonymKeyFile.checkRecipient(query.recipient)
        _ = try query.reportRequest(.notifications)
        let use = try await gate.authorise(.extract(.notifications), by: identity, reason: reason)
        guard let storePath else {
            throw ServiceProblem.unavailable("this service has no key folder for pseudonym keys")
        }
        let store = store
        let rendered = try await StoreWork.run { () throws -> RenderedReport in
            let key = try PseudonymKeyFile.loadOrCreate(store: storePath, recipient: query.recipient)
            return try ReportWiring.notificationExtract(
                try query.reportRequest(.notifications, naming: .pseudonymous(key)), store: store)
        }
        try await gate.recordRead(use, parameters: query.recorded.merging(["recipient": query.recipient]) { $1 })
        return Self.response(rendered, query)
    }

    /// `GET /v1/access-report`: who read a person's record (`person`) or what a subject read
    /// (`subject`) in the period (default: the as-at day), refusals and break glass flagged.
    func accessReport(_ request: Request, _ identity: ServiceIdentity, reason: String?) async throws -> Response {
        let query = try ReportQuery(request, today: today)
        if query.scope != nil { throw ServiceProblem.badRequest("the access report is not limited by team or service") }
        let reportRequest = try query.reportRequest(.access)
        let use = try await gate.authorise(.report(.access), by: identity, reason: reason)
        let store = store
        let rendered = try await StoreWork.run { try ReportWiring.accessReport(reportRequest, store: store) }
        var recorded = query.recorded
        if let person = query.person { recorded["person"] = person }
        if let subject = query.subject { recorded["subject"] = subject }
        try await gate.recordRead(use, parameters: recorded)
        return Self.response(rendered, query)
    }

    /// The report in its format, its manifest's SHA-256 and checkpoint in headers; or, with
    /// `manifest=true`, the manifest itself.
    static func response(_ report: RenderedReport, _ query: ReportQuery) -> Response {
        if query.manifestOnly {
            var headers = HTTPFields()
            headers[.contentType] = "application/json"
            return Response(
                status: .ok, headers: headers,
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: report.manifest.jsonBytes())))
        }
        var response = bytes(report.bytes, format: query.format)
        response.headers[.carelogExtractSHA256] = report.manifest.sha256
        response.headers[.carelogCheckpoint] = String(report.manifest.checkpoint.sequence)
        return response
    }

    /// `bytes` (text, or a `.docx` package) with the format's media type.
    static func bytes(_ bytes: [UInt8], format: ReportFormat) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = format.mediaType
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}

extension HTTPField.Name {
    /// `X-Carelog-Extract-SHA256`: the SHA-256 of the report's bytes, as its manifest records it.
    static var carelogExtractSHA256: HTTPField.Name {
        guard let name = HTTPField.Name("X-Carelog-Extract-SHA256") else { preconditionFailure("a valid name") }
        return name
    }

    /// `X-Carelog-Checkpoint`: the log sequence the report read.
    static var carelogCheckpoint: HTTPField.Name {
        guard let name = HTTPField.Name("X-Carelog-Checkpoint") else { preconditionFailure("a valid name") }
        return name
    }
}
