import CareRecord
import CarelogOperations
import EventLog
import Foundation
import Hummingbird
import NIOCore
import Projections

/// An error answered as `application/problem+json` (RFC 9457): the status and a one-line detail
/// that names what to fix and never echoes a value from the request.
package struct ServiceProblem: Error, Sendable, Hashable, HTTPResponseError {
    /// The HTTP status.
    package var status: HTTPResponse.Status
    /// The one-line message (the CLI's message where the CLI has one).
    package var detail: String

    package init(status: HTTPResponse.Status, detail: String) {
        self.status = status
        self.detail = detail
    }

    /// 401: no credentials, or they did not check out.
    package static func unauthorized(_ detail: String) -> ServiceProblem {
        .init(status: .unauthorized, detail: detail)
    }
    /// 403: signed in, but not allowed.
    package static func forbidden(_ detail: String) -> ServiceProblem { .init(status: .forbidden, detail: detail) }
    /// 400: a malformed request (the CLI's exit 64).
    package static func badRequest(_ detail: String) -> ServiceProblem { .init(status: .badRequest, detail: detail) }
    /// 422: input that does not validate (the CLI's exit 65).
    package static func invalidInput(_ detail: String) -> ServiceProblem {
        .init(status: .unprocessableContent, detail: detail)
    }
    /// 409: an expected-version conflict (the CLI's exit 75).
    package static func conflict(_ detail: String) -> ServiceProblem { .init(status: .conflict, detail: detail) }
    /// 503: the service cannot do this now (read-only mode, store unavailable).
    package static func unavailable(_ detail: String) -> ServiceProblem {
        .init(status: .serviceUnavailable, detail: detail)
    }

    /// Classifies an error met while validating, appending or reporting, through the command
    /// line's own classification (``CarelogOperations/CarelogError``), so both doors give the
    /// same message: usage 64 → 400, invalid input 65 → 422, conflict 75 → 409, a failed
    /// verification → 409, a store that cannot be read (74) → 503. Anything unclassified is a
    /// 500 whose detail names nothing from the request.
    package static func from(_ error: any Error) -> ServiceProblem {
        if let error = error as? ServiceProblem { return error }
        if case .readOnly? = error as? EventStoreError { return .readOnlyStore }
        if let error = error as? CatalogueError, error.kind == .storeUnavailable {
            return .unavailable(error.description)
        }
        switch error {
        case is CarelogError, is CatalogueError, is EventStoreError, is ProjectionError:
            let classified = CarelogError.from(error)
            switch classified {
            case .usage(let detail): return .badRequest(detail)
            case .invalidInput(let detail): return .invalidInput(detail)
            case .conflict(let detail), .verificationFailed(let detail): return .conflict(detail)
            case .storeOrIO(let detail):
                if error is EventStoreError { return .init(status: .internalServerError, detail: detail) }
                return .unavailable(detail)
            }
        default:
            return .init(status: .internalServerError, detail: "internal error; see the service log")
        }
    }

    /// A write — an append, or the `RecordAccessed` a read of personal data needs — on a store
    /// opened read-only (`carelog serve --read-only`): the service cannot record the read, so it
    /// does not serve it.
    package static let readOnlyStore = ServiceProblem.unavailable(
        "the service's store is open read-only, so this request cannot be recorded and is not served; "
            + "reads of personal data are recorded in the log (Docs/access.md)")

    /// The RFC 9457 body.
    var body: ProblemBody {
        ProblemBody(type: "about:blank", title: status.reasonPhrase, status: Int(status.code), detail: detail)
    }

    package func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/problem+json"
        if status == .unauthorized { headers[.wwwAuthenticate] = "Bearer" }
        return Response(
            status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: body.jsonBytes)))
    }
}

/// The members of an RFC 9457 problem document.
struct ProblemBody: Codable, Hashable, Sendable {
    var type: String
    var title: String
    var status: Int
    var detail: String

    /// The same bytes as ``JSONBody/encode(_:)`` gives (sorted keys), written directly: every
    /// refusal (401, 403) answers with one, so it skips the general encoder.
    var jsonBytes: [UInt8] {
        var out = "{\"detail\":"
        JSONStringLiteral.append(detail, to: &out)
        out += ",\"status\":\(status),\"title\":"
        JSONStringLiteral.append(title, to: &out)
        out += ",\"type\":"
        JSONStringLiteral.append(type, to: &out)
        out += "}"
        return Array(out.utf8)
    }
}
