import Foundation
import Hummingbird
import NIOCore

/// JSON responses with sorted keys, so the same answer is the same bytes.
enum JSONBody {
    /// `value` as JSON bytes (sorted keys, no escaped slashes).
    static func encode(_ value: some Encodable) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? Array(encoder.encode(value))) ?? Array("{}".utf8)
    }

    /// A 200 (or `status`) `application/json` response holding `value`.
    static func response(_ value: some Encodable, status: HTTPResponse.Status = .ok) -> Response {
        response(bytes: encode(value), status: status)
    }

    /// A 200 (or `status`) `application/json` response holding JSON already encoded.
    static func response(bytes: [UInt8], status: HTTPResponse.Status = .ok) -> Response {
        response(buffer: ByteBuffer(bytes: bytes), status: status)
    }

    /// A 200 (or `status`) `application/json` response holding JSON already in a buffer.
    static func response(buffer: ByteBuffer, status: HTTPResponse.Status = .ok) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: buffer))
    }

    /// `{"status":"ok"}`, the answer of `/health`, encoded once: the cheapest route answers
    /// without an encoder (it is what a load balancer polls, and the floor the load script measures).
    static let statusOK = ByteBuffer(bytes: encode(["status": "ok"]))

    /// The `/health` answer.
    static func okResponse() -> Response { response(buffer: statusOK) }
}
