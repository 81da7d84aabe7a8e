import JWTKit

/// The claims Carelog reads from a bearer token. The signature and expiry are checked by jwt-kit;
/// issuer and audience by ``Authenticator`` against the configuration.
struct AccessToken: JWTPayload {
    var sub: SubjectClaim
    var iss: IssuerClaim
    var aud: AudienceClaim
    var exp: ExpirationClaim
    /// An OpenID Connect ID token's `nonce`: the value the sign-in sent with its authorization
    /// request (checked by ``Authenticator/identify(idToken:nonce:)``; absent from API tokens).
    var nonce: String?

    func verify(using algorithm: some JWTAlgorithm) async throws {
        try exp.verifyNotExpired()
    }
}
