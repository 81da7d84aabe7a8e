import CareRecord
import EventLog
import Foundation
import Hummingbird
import NIOCore

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

    /// Classifies an error met while validating or appending, as the CLI's exit codes do:
    /// 65 → 422, 75 → 409, 74 → 503 (store unavailable) or 500.
    package static func from(_ error: any Error) -> ServiceProblem {
        switch error {
        case let error as ServiceProblem: return error
        case let error as CatalogueError:
            return error.kind == .storeUnavailable ? .unavailable(error.description) : .invalidInput(error.description)
        case let error as EventStoreError:
            switch error {
            case .conflict: return .conflict(error.description + " — re-read the stream and retry")
            case .headMoved: return .conflict(error.description)
            case .invalidEvent, .idempotencyKeyReused: return .invalidInput(error.description)
            default: return .init(status: .internalServerError, detail: error.description)
            }
        default:
            return .init(status: .internalServerError, detail: "internal error; see the service log")
        }
    }

    /// The RFC 9457 body.
    var body: ProblemBody {
        ProblemBody(type: "about:blank", title: status.reasonPhrase, status: Int(status.code), detail: detail)
    }

    package func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/problem+json"
        if status == .unauthorized { headers[.wwwAuthenticate] = "Bearer" }
        return Response(
            status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: JSONBody.encode(body))))
    }
}

/// The members of an RFC 9457 problem document.
struct ProblemBody: Codable, Hashable, Sendable {
    var type: String
    var title: String
    var status: Int
    var detail: String
}
