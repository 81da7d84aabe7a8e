import Crypto
import CryptoExtras
import Foundation
import JWTKit
import Testing

/// A stand-in for the partnership's identity provider: mints its own RS256 and ES256 keys,
/// publishes their public halves as a JWKS, and signs tokens. Nothing reaches the network.
struct TestIdentityProvider {
    static let issuer = "https://idp.test/realms/partnership"
    static let audience = "carelog"

    let signers: JWTKeyCollection
    let jwksJSON: String

    /// A provider with one ES256 key (`es-1`) and one RS256 key (`rs-1`).
    static func make() async throws -> TestIdentityProvider {
        let ec = ES256PrivateKey()
        let rsa = try Insecure.RSA.PrivateKey(backing: _RSA.Signing.PrivateKey(keySize: .bits2048))
        let signers = JWTKeyCollection()
        await signers.add(ecdsa: ec, kid: "es-1")
        await signers.add(rsa: rsa, digestAlgorithm: .sha256, kid: "rs-1")
        let point = try #require(ec.publicKey.parameters)
        let primitives = try rsa.publicKey.getKeyPrimitives()
        let jwks = JWKS(keys: [
            .ecdsa(.es256, identifier: JWKIdentifier(string: "es-1"), x: point.x, y: point.y, curve: .p256),
            .rsa(
                .rs256, identifier: JWKIdentifier(string: "rs-1"), modulus: base64URL(primitives.modulus),
                exponent: base64URL(primitives.publicExponent)),
        ])
        let json = try String(decoding: JSONEncoder().encode(jwks), as: UTF8.self)
        return TestIdentityProvider(signers: signers, jwksJSON: json)
    }

    /// A signed token for `subject`; every claim can be overridden to make a bad one.
    func token(
        subject: String = "staff/S001", kid: String = "es-1", issuer: String = Self.issuer,
        audience: String = Self.audience, expiresIn seconds: TimeInterval = 600
    ) async throws -> String {
        let claims = TestClaims(
            sub: .init(value: subject), iss: .init(value: issuer), aud: .init(value: [audience]),
            exp: .init(value: Date().addingTimeInterval(seconds)))
        return try await signers.sign(claims, kid: JWKIdentifier(string: kid))
    }

    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}

/// The claims the tests sign (`exp` is not checked when signing, so expired tokens can be made).
struct TestClaims: JWTPayload {
    var sub: SubjectClaim
    var iss: IssuerClaim
    var aud: AudienceClaim
    var exp: ExpirationClaim

    func verify(using algorithm: some JWTAlgorithm) async throws {}
}
