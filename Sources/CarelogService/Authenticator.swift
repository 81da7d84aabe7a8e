import Foundation
import JWTKit

/// Establishes who made a request: a bearer JWT checked against the configured issuer, audience
/// and key set (RS256 or ES256), or an API key compared by its SHA-256. Nothing reaches the network.
package struct Authenticator: Sendable {
    private let keys: JWTKeyCollection
    private let issuer: String
    private let audience: String
    /// Each configured key's identity, by the key's SHA-256 (hex): built once, so a request with
    /// a key costs one hash and one lookup.
    private let apiKeys: [String: ServiceIdentity]

    /// Builds an authenticator from a configuration and the JSON of its key set.
    package init(configuration: ServiceConfiguration, jwksJSON: String) async throws(ServiceSetupError) {
        let keys = JWTKeyCollection()
        do {
            let set = try JSONDecoder().decode(JWKS.self, from: Data(jwksJSON.utf8))
            let usable = set.keys.filter { ["RS256", "ES256"].contains($0.algorithm?.rawValue ?? "") }
            if usable.isEmpty { throw ServiceSetupError.keySet("the JWKS holds no RS256 or ES256 key with \"alg\"") }
            for key in usable { try await keys.add(jwk: key) }
        } catch let error as ServiceSetupError {
            throw error
        } catch {
            throw .keySet("the JWKS file is not a valid JSON Web Key Set")
        }
        self.keys = keys
        issuer = configuration.issuer
        audience = configuration.audience
        var byHash: [String: ServiceIdentity] = [:]
        for key in configuration.apiKeys {
            if let hash = APIKeyEntry.normalisedHash(key.sha256) {
                byHash[hash] = ServiceIdentity(kind: .apiKey, subject: key.name, allowedEventTypes: Set(key.eventTypes))
            }
        }
        apiKeys = byHash
    }

    /// Reads the configuration's key set file and builds an authenticator.
    package static func load(configuration: ServiceConfiguration) async throws(ServiceSetupError) -> Authenticator {
        let json: String
        do { json = try String(contentsOfFile: configuration.jwksFile, encoding: .utf8) } catch {
            throw .keySet("cannot read the jwksFile named in the configuration")
        }
        return try await Authenticator(configuration: configuration, jwksJSON: json)
    }

    /// The identity behind an `Authorization` header (`Bearer …` or `ApiKey …`) or an
    /// `X-API-Key` header; throws a 401 problem when there is none or it does not check out.
    package func identify(authorization: String?, apiKeyHeader: String?) async throws(ServiceProblem)
        -> ServiceIdentity
    {
        if let apiKeyHeader { return try identify(apiKey: apiKeyHeader) }
        guard let authorization else {
            throw .unauthorized("sign in: send Authorization: Bearer <token> or an API key")
        }
        let parts = authorization.split(separator: " ", maxSplits: 1)
        guard parts.count == 2 else { throw .unauthorized("the Authorization header must be '<scheme> <credentials>'") }
        switch parts[0].lowercased() {
        case "bearer": return try await identify(token: String(parts[1]))
        case "apikey": return try identify(apiKey: String(parts[1]))
        default: throw .unauthorized("the Authorization scheme must be Bearer or ApiKey")
        }
    }

    /// The identity behind an OpenID Connect ID token returned to a sign-in: checked as a bearer
    /// token (signature, issuer, audience, expiry, subject), and its `nonce` claim must be the one
    /// the sign-in sent with its authorization request (OpenID Connect Core §3.1.3.7), so a token
    /// issued for another sign-in, or replayed, is refused.
    package func identify(idToken: String, nonce: String) async throws(ServiceProblem) -> ServiceIdentity {
        let claims = try await checkedClaims(token: idToken)
        guard let sent = claims.nonce else { throw .unauthorized("the ID token carries no nonce") }
        guard Self.constantTimeEqual(Array(sent.utf8), Array(nonce.utf8)) else {
            throw .unauthorized("the ID token's nonce is not the one this sign-in sent")
        }
        return ServiceIdentity(kind: .token, subject: claims.sub.value)
    }

    private func identify(token: String) async throws(ServiceProblem) -> ServiceIdentity {
        ServiceIdentity(kind: .token, subject: try await checkedClaims(token: token).sub.value)
    }

    /// Whether two byte strings are equal, comparing every byte whatever the first difference.
    private static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }

    /// A token's claims once its signature, expiry, issuer, audience and subject check out.
    private func checkedClaims(token: String) async throws(ServiceProblem) -> AccessToken {
        let claims: AccessToken
        do { claims = try await keys.verify(token, as: AccessToken.self) } catch {
            throw .unauthorized(Self.reason(error))
        }
        guard claims.iss.value == issuer else { throw .unauthorized("the token's issuer is not the configured one") }
        do { try claims.aud.verifyIntendedAudience(includes: audience) } catch {
            throw .unauthorized("the token is not meant for this service (audience)")
        }
        guard !claims.sub.value.isEmpty else { throw .unauthorized("the token names no subject") }
        return claims
    }

    private func identify(apiKey: String) throws(ServiceProblem) -> ServiceIdentity {
        let hash = APIKeyEntry.hash(of: Self.trimmed(apiKey))
        guard let identity = apiKeys[hash] else { throw .unauthorized("the API key is not known") }
        return identity
    }

    /// `text` without leading and trailing white space; a key that begins and ends with a visible
    /// ASCII character (every key in practice) is returned as it is, without a scan.
    static func trimmed(_ text: String) -> String {
        let bytes = text.utf8
        guard let first = bytes.first, let last = bytes.last, (0x21...0x7E).contains(first),
            (0x21...0x7E).contains(last)
        else { return text.trimmingCharacters(in: .whitespaces) }
        return text
    }

    /// Why jwt-kit refused a token, in words that never echo the token.
    private static func reason(_ error: any Error) -> String {
        if let error = error as? JWTError, error.errorType == .claimVerificationFailure {
            return "the token has expired"
        }
        return "the token is not valid (malformed, unknown key, unsupported algorithm or bad signature)"
    }
}
