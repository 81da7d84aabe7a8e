import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The responses the pages send: HTML that is never cached and may load nothing from elsewhere,
/// redirects, and downloads.
package enum WebResponse {
    /// Headers every page carries: no caching of personal data, no scripts, no framing.
    static func securityHeaders() -> HTTPFields {
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-store"
        headers[.contentSecurityPolicy] =
            "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
        headers[.xContentTypeOptions] = "nosniff"
        headers[.referrerPolicy] = "no-referrer"
        return headers
    }

    /// A page.
    package static func page(_ layout: PageLayout, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: securityHeaders(), body: .init(byteBuffer: ByteBuffer(string: layout.render())))
    }

    /// A 303 to `location`.
    package static func redirect(_ location: String, cookie: String? = nil) -> Response {
        var headers = HTTPFields()
        headers[.location] = location
        headers[.cacheControl] = "no-store"
        if let cookie { headers[.setCookie] = cookie }
        return Response(status: .seeOther, headers: headers)
    }

    /// A file download: `bytes` as `mediaType`, saved as `filename`.
    package static func download(_ bytes: [UInt8], mediaType: String, filename: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = mediaType
        headers[.cacheControl] = "no-store"
        headers[.contentDisposition] = "attachment; filename=\"\(filename)\""
        headers[.xContentTypeOptions] = "nosniff"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// The session cookie: `HttpOnly`, `SameSite=Lax`, path `/web`, `Secure` unless `insecure`.
    package static func sessionCookie(_ id: String, maxAge: Int, insecure: Bool) -> String {
        "carelog_session=\(id); Path=/web; Max-Age=\(maxAge); HttpOnly; SameSite=Lax" + (insecure ? "" : "; Secure")
    }

    /// A cookie that removes the session cookie.
    package static func clearedCookie(insecure: Bool) -> String {
        sessionCookie("", maxAge: 0, insecure: insecure)
    }
}

extension HTTPField.Name {
    /// `Referrer-Policy` (not among HTTPTypes' names).
    static var referrerPolicy: HTTPField.Name {
        guard let name = HTTPField.Name("Referrer-Policy") else { preconditionFailure("a valid field name") }
        return name
    }
}
