import Crypto
import Foundation

/// Sessions and sign-ins in progress, in memory (a restart signs everyone out).
package actor WebSessionStore {
    /// A sign-in sent to the identity provider and not yet back: the PKCE verifier and the
    /// OpenID Connect `nonce` the ID token must carry.
    package struct PendingSignIn: Sendable {
        package var codeVerifier: String
        package var nonce: String
        package var expiresAt: Int64
    }

    private var sessions: [String: WebSession] = [:]
    private var pending: [String: PendingSignIn] = [:]
    private let lifetime: Int64
    private let clock: @Sendable () -> Int64

    /// A store whose sessions last `lifetimeSeconds`, timed by `clock` (seconds since 1970).
    package init(lifetimeSeconds: Int, clock: @escaping @Sendable () -> Int64) {
        lifetime = Int64(lifetimeSeconds)
        self.clock = clock
    }

    /// Starts a sign-in: a fresh `state`, PKCE verifier and `nonce` (256 random bits each), valid
    /// ten minutes.
    package func beginSignIn() -> (state: String, pending: PendingSignIn) {
        let now = clock()
        pending = pending.filter { $0.value.expiresAt > now }
        let state = Self.randomToken()
        let entry = PendingSignIn(codeVerifier: Self.randomToken(), nonce: Self.randomToken(), expiresAt: now + 600)
        pending[state] = entry
        return (state, entry)
    }

    /// Ends a sign-in: its verifier and nonce, once, if `state` is one this store issued and it
    /// has not expired.
    package func finishSignIn(state: String) -> PendingSignIn? {
        guard let entry = pending.removeValue(forKey: state), entry.expiresAt > clock() else { return nil }
        return entry
    }

    /// A new session for `user`.
    package func open(for user: WebUser) -> WebSession {
        let now = clock()
        sessions = sessions.filter { $0.value.expiresAt > now }
        let session = WebSession(
            id: Self.randomToken(), user: user, csrfToken: Self.randomToken(), expiresAt: now + lifetime)
        sessions[session.id] = session
        return session
    }

    /// The live session with this id.
    package func session(id: String) -> WebSession? {
        guard let session = sessions[id] else { return nil }
        guard session.expiresAt > clock() else {
            sessions[id] = nil
            return nil
        }
        return session
    }

    /// Ends a session.
    package func close(id: String) { sessions[id] = nil }

    /// 256 random bits, base64url without padding.
    package static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return base64URL(bytes)
    }

    /// The PKCE S256 challenge of a verifier (RFC 7636).
    package static func codeChallenge(for verifier: String) -> String {
        base64URL(Array(SHA256.hash(data: Data(verifier.utf8))))
    }

    static func base64URL(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }
}
