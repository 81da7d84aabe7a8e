/// A signed-in browser: held on the server, found by the random id in the session cookie.
package struct WebSession: Hashable, Sendable {
    /// The cookie value (256 random bits, base64url).
    package var id: String
    /// Who signed in, with role and scope.
    package var user: WebUser
    /// The token every state-changing form carries (checked on POST).
    package var csrfToken: String
    /// Seconds since 1970 after which the session is gone.
    package var expiresAt: Int64
}
