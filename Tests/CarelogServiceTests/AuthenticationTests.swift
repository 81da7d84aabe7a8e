import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import NIOFoundationCompat
import Testing

@testable import CarelogService

/// Bearer tokens and API keys: who gets in, and the 401 problem for everyone else.
@Suite struct AuthenticationTests {
    @Test func aRequestWithoutCredentialsIsRefusedWithAProblem() async throws {
        let harness = try await ServiceHarness.make()
        try await harness.test { client in
            try await client.execute(uri: "/v1/checkpoint", method: .get) { response in
                #expect(response.status == .unauthorized)
                #expect(response.headers[.contentType] == "application/problem+json")
                let problem = try JSONDecoder().decode(ProblemBody.self, from: Data(buffer: response.body))
                #expect(problem.status == 401)
                // Written directly, the problem is the bytes the general JSON encoding would give.
                #expect(Array(response.body.readableBytesView) == JSONBody.encode(problem))
            }
        }
    }

    @Test(arguments: ["es-1", "rs-1"])
    func aValidTokenSignedWithEitherAlgorithmIsAccepted(kid: String) async throws {
        let harness = try await ServiceHarness.make()
        let token = try await harness.provider.token(kid: kid)
        try await harness.test { client in
            try await client.execute(uri: "/v1/checkpoint", method: .get, headers: ServiceHarness.bearer(token)) {
                #expect($0.status == .ok)
            }
        }
    }

    @Test func anExpiredTokenIsRefused() async throws {
        let harness = try await ServiceHarness.make()
        let token = try await harness.provider.token(expiresIn: -60)
        try await expectUnauthorized(harness, ServiceHarness.bearer(token))
    }

    @Test func aTokenFromAnotherIssuerIsRefused() async throws {
        let harness = try await ServiceHarness.make()
        let token = try await harness.provider.token(issuer: "https://elsewhere.test")
        try await expectUnauthorized(harness, ServiceHarness.bearer(token))
    }

    @Test func aTokenForAnotherAudienceIsRefused() async throws {
        let harness = try await ServiceHarness.make()
        let token = try await harness.provider.token(audience: "another-service")
        try await expectUnauthorized(harness, ServiceHarness.bearer(token))
    }

    @Test func aTokenSignedByAKeyOutsideTheKeySetIsRefused() async throws {
        let harness = try await ServiceHarness.make()
        let stranger = try await TestIdentityProvider.make()
        let token = try await stranger.token(kid: "es-1")
        try await expectUnauthorized(harness, ServiceHarness.bearer(token))
    }

    @Test func aTokenWithATamperedPayloadIsRefused() async throws {
        let harness = try await ServiceHarness.make()
        let token = try await harness.provider.token(kid: "rs-1")
        let parts = token.split(separator: ".").map(String.init)
        let forged = try await harness.provider.token(subject: "staff/ADMIN", kid: "rs-1").split(separator: ".")[1]
        try await expectUnauthorized(
            harness, ServiceHarness.bearer([parts[0], String(forged), parts[2]].joined(separator: ".")))
    }

    @Test func anUnsignedAlgNoneTokenIsRefused() async throws {
        let harness = try await ServiceHarness.make()
        let header = TestIdentityProvider.base64URL(Data(#"{"alg":"none","typ":"JWT"}"#.utf8))
        let exp = Int(Date().timeIntervalSince1970) + 600
        let payload = TestIdentityProvider.base64URL(
            Data(
                #"{"sub":"staff/S001","iss":"\#(TestIdentityProvider.issuer)","aud":"carelog","exp":\#(exp)}"#.utf8))
        try await expectUnauthorized(harness, ServiceHarness.bearer(header + "." + payload + "."))
    }

    @Test func aKnownAPIKeyIsAcceptedInEitherHeader() async throws {
        let harness = try await ServiceHarness.make()
        try await harness.test { client in
            for headers: HTTPFields in [
                [.xAPIKey: ServiceHarness.feedKey], [.authorization: "ApiKey " + ServiceHarness.feedKey],
            ] {
                try await client.execute(uri: "/v1/checkpoint", method: .get, headers: headers) {
                    #expect($0.status == .ok)
                }
            }
        }
    }

    @Test func anAPIKeyWithWhiteSpaceAroundItIsTheSameKeyAndEachCallGetsTheKeysIdentity() async throws {
        let harness = try await ServiceHarness.make()
        let authenticator = harness.server.authenticator
        for presented in [ServiceHarness.feedKey, " \(ServiceHarness.feedKey)\t", "\u{00A0}\(ServiceHarness.feedKey)"] {
            let identity = try await authenticator.identify(authorization: nil, apiKeyHeader: presented)
            #expect(
                identity
                    == ServiceIdentity(
                        kind: .apiKey, subject: "ecm-feed", allowedEventTypes: Set(ServiceHarness.feedTypes)))
        }
        await #expect(throws: ServiceProblem.self) {
            try await authenticator.identify(authorization: nil, apiKeyHeader: " x\(ServiceHarness.feedKey)")
        }
    }

    @Test func anUnknownAPIKeyIsRefused() async throws {
        let harness = try await ServiceHarness.make()
        try await expectUnauthorized(harness, [.xAPIKey: ServiceHarness.feedKey + "x"])
    }

    @Test func theConfigurationHoldsOnlyTheKeysHash() {
        let hash = APIKeyEntry.hash(of: ServiceHarness.feedKey)
        #expect(hash.count == 64)
        #expect(!hash.contains(ServiceHarness.feedKey))
        #expect(APIKeyEntry.hash(of: ServiceHarness.feedKey + "x") != hash)
    }

    private func expectUnauthorized(_ harness: ServiceHarness, _ headers: HTTPFields) async throws {
        try await harness.test { client in
            try await client.execute(uri: "/v1/checkpoint", method: .get, headers: headers) { response in
                #expect(response.status == .unauthorized)
                #expect(response.headers[.contentType] == "application/problem+json")
            }
        }
    }
}
