import Foundation
import Hummingbird
import NIOCore

/// The OpenAPI 3.1 document (`Resources/openapi.json`): the service's contract.
package enum OpenAPIDocument {
    /// The document's bytes.
    package static func bytes() throws(ServiceProblem) -> [UInt8] {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json"),
            let data = try? Data(contentsOf: url)
        else { throw ServiceProblem(status: .internalServerError, detail: "the OpenAPI document is missing") }
        return Array(data)
    }

    static func response() throws(ServiceProblem) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: try bytes())))
    }
}
