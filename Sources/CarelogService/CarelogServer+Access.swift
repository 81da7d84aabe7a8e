import CareCalendar
import CareRecord
import CarelogOperations
import EventLog
import Foundation
import Hummingbird
import Projections

extension CarelogServer {
    /// `POST /v1/access/grants`: grants a role, as `carelog access grant` does. The body is the
    /// `AccessGranted` event's data (Docs/events.md) with an optional `grantId` (default: the
    /// next `G000001`-style id); the grant is validated as an event line and appended to a new
    /// `access/<grantId>` stream with the signed-in administrator as its actor.
    func grantAccess(_ request: inout Request, _ identity: ServiceIdentity) async throws -> Response {
        if readOnly { throw ServiceProblem.unavailable("the service is read-only; grants are refused") }
        _ = try await gate.authorise(.administerAccess, by: identity, reason: nil)
        var (fields, grantId) = try Self.accessFields(try await body(of: &request), naming: "AccessGranted")
        let register = try await gate.currentRegister(store: store)
        if grantId == nil { grantId = AccessAdministration.nextGrantId(register) }
        let id = grantId ?? ""
        let now = clock()
        guard case .accessGranted(let granted) = try Self.line(AccessGranted.eventType, fields, id, identity, now).event
        else { throw ServiceProblem.invalidInput("the body is not an AccessGranted event's data") }
        let store = store
        let position = try await StoreWork.run {
            try AccessAdministration.grant(granted, grantId: id, actor: identity.actor, now: now, store: store)
        }
        return JSONBody.response(AccessWriteBody(grantId: id, position: position), status: .created)
    }

    /// `POST /v1/access/revocations`: revokes a grant from a day on, as `carelog access revoke`
    /// does. The body is the `AccessRevoked` event's data with the `grantId` revoked.
    func revokeAccess(_ request: inout Request, _ identity: ServiceIdentity) async throws -> Response {
        if readOnly { throw ServiceProblem.unavailable("the service is read-only; revocations are refused") }
        _ = try await gate.authorise(.administerAccess, by: identity, reason: nil)
        let (fields, grantId) = try Self.accessFields(try await body(of: &request), naming: "AccessRevoked")
        guard let id = grantId else {
            throw ServiceProblem.invalidInput("grantId is required: the grant to revoke (GET /v1/access/grants)")
        }
        let register = try await gate.currentRegister(store: store)
        let now = clock()
        guard case .accessRevoked(let revoked) = try Self.line(AccessRevoked.eventType, fields, id, identity, now).event
        else { throw ServiceProblem.invalidInput("the body is not an AccessRevoked event's data") }
        let store = store
        let position = try await StoreWork.run {
            try AccessAdministration.revoke(
                grantId: id, revoked, actor: identity.actor, now: now, store: store, register: register)
        }
        return JSONBody.response(AccessWriteBody(grantId: id, position: position), status: .created)
    }

    /// `GET /v1/access/grants`: the grants in force on `asAt` (default today), or every grant
    /// recorded (`all=true`), as the log stood at `knownAt` — what `carelog access list` prints.
    func listGrants(_ request: Request, _ identity: ServiceIdentity) async throws -> Response {
        let query = try ReportQuery(request, today: today)
        let all: Bool
        switch request.uri.queryParameters.get("all") {
        case nil, "false": all = false
        case "true": all = true
        default: throw ServiceProblem.badRequest("all must be true or false")
        }
        _ = try await gate.authorise(.listAccess, by: identity, reason: nil)
        let register: AccessRegister
        if query.knownAt == .head {
            register = try await gate.currentRegister(store: store)
        } else {
            let store = store
            register = try await StoreWork.run { try AccessAdministration.register(store, knownAt: query.knownAt) }
        }
        let grants = all ? register.allGrants : register.grants(on: query.asAt)
        return JSONBody.response(
            AccessGrantsBody(asAt: all ? nil : query.asAt.iso8601, grants: grants.map(AccessGrantBody.init)))
    }

    /// The body's members as an event's data, and its `grantId` (taken out of the data), or a 400
    /// naming what is wrong (never a value).
    static func accessFields(_ bytes: [UInt8], naming type: String) throws(ServiceProblem) -> ([String: Any], String?) {
        guard let object = try? JSONSerialization.jsonObject(with: Data(bytes)), var fields = object as? [String: Any]
        else {
            throw ServiceProblem.badRequest(
                "the body must be one JSON object: the \(type) event's data (Docs/events.md) and grantId")
        }
        let grantId = fields.removeValue(forKey: "grantId")
        guard grantId == nil || grantId is String else {
            throw ServiceProblem.invalidInput("grantId must be a string")
        }
        return (fields, grantId as? String)
    }

    /// The event line `carelog access` would append, parsed and checked as any line is.
    static func line(
        _ type: String, _ fields: [String: Any], _ grantId: String, _ identity: ServiceIdentity, _ now: Timestamp
    )
        throws(ServiceProblem) -> EventLine
    {
        guard StreamName(kind: StreamKind.access.rawValue, id: grantId) != nil else {
            throw ServiceProblem.badRequest("the grant id must be 1–190 letters, digits and . _ : -")
        }
        let envelope: [String: Any] = [
            "stream": StreamKind.access.rawValue + "/" + grantId, "type": type, "occurredAt": now.iso8601,
            "actor": identity.actor, "data": fields,
        ]
        guard let data = try? JSONSerialization.data(withJSONObject: envelope) else {
            throw ServiceProblem.badRequest("the body must be one JSON object")
        }
        return try checked { () throws(CatalogueError) in try EventLine.parse(Array(data), line: 1) }
    }
}

/// `POST /v1/access/grants|revocations`: the grant and where its event was recorded.
struct AccessWriteBody: Codable, Hashable, Sendable {
    var grantId: String
    var sequence: UInt64
    var stream: String
    var streamVersion: UInt32

    init(grantId: String, position: EventPosition) {
        self.grantId = grantId
        sequence = position.sequence
        stream = position.stream.description
        streamVersion = position.streamVersion
    }
}

/// `GET /v1/access/grants`: the grants, as `carelog access list` lists them.
struct AccessGrantsBody: Codable, Hashable, Sendable {
    /// The day (absent when every grant recorded is listed).
    var asAt: String?
    var grants: [AccessGrantBody]
}

/// One grant: who, which role over which scope, for which days, granted and revoked by whom.
struct AccessGrantBody: Codable, Hashable, Sendable {
    var grantId: String
    var subject: String
    var role: String
    var scope: String
    var staffId: String?
    var effectiveFrom: String
    var effectiveTo: String?
    var grantedBy: String
    var sequence: UInt64
    var revokedFrom: String?
    var revokedBy: String?

    init(_ grant: AccessGrant) {
        grantId = grant.grantId
        subject = grant.subject
        role = grant.role.rawValue
        scope = grant.scope.text
        staffId = grant.staffId
        effectiveFrom = grant.effectiveFrom.iso8601
        effectiveTo = grant.effectiveTo?.iso8601
        grantedBy = grant.grantedBy
        sequence = grant.sequence
        revokedFrom = grant.revokedFrom?.iso8601
        revokedBy = grant.revokedBy
    }
}
