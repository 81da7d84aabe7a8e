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
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
