import CareRecord
import CarelogOperations
import CarelogService
import Crypto
import EventLog
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JWTKit
import Testing

@testable import CarelogWeb

/// The pages over an in-memory store, with an in-process identity provider: the token exchange
/// signs an ID token for the subject named by the code (so a test "signs in as" anyone).
struct WebHarness {
    static let issuer = "https://idp.test/realms/partnership"
    static let clientId = "carelog-web"

    let pages: WebPages
    let store: InMemoryEventStore

    /// The test identities' grants, as `carelog access grant` records them: a service manager for
    /// the partnership, a coordinator for the barrhead team, an auditor and an inspector.
    /// `staff/X999` holds none.
    static let grants = [
        ("G1", "staff/M001", "serviceManager", #"{"kind":"partnership"}"#),
        ("G2", "staff/M002", "coordinator", #"{"kind":"team","id":"barrhead"}"#),
        ("G3", "staff/A001", "auditor", #"{"kind":"partnership"}"#),
        ("G4", "staff/I001", "inspector", #"{"kind":"partnership"}"#),
    ].map { id, subject, role, scope in
        #"{"stream":"access/\#(id)","type":"AccessGranted","occurredAt":"2020-01-01T09:00:00Z","actor":"staff/admin","data":{"subject":"\#(subject)","role":"\#(role)","scope":\#(scope),"effectiveFrom":"2020-01-01"}}"#
    }

    /// The harness over `seed`; with `cacheFolder`, the pages keep projection checkpoints in an
    /// LMDB cache there, as `carelog serve` does in `<store>/cache`.
    /// With `store`, the pages serve that store as it is (no seed); with `reportCache`, they share
    /// that cache (a service restarted over the same store: new memory, the same `<store>/cache`).
    static func make(
        seed: [String] = Events.seed + grants, cacheFolder: String? = nil, store existing: InMemoryEventStore? = nil,
        reportCache shared: SharedReportCache? = nil
    ) async throws -> WebHarness {
        let key = ES256PrivateKey()
        let signers = JWTKeyCollection()
        await signers.add(ecdsa: key, kid: "es-1")
        let point = try #require(key.publicKey.parameters)
        let jwks = JWKS(keys: [
            .ecdsa(.es256, identifier: JWKIdentifier(string: "es-1"), x: point.x, y: point.y, curve: .p256)
        ])
        let jwksJSON = String(decoding: try JSONEncoder().encode(jwks), as: UTF8.self)
        let clock: @Sendable () -> Timestamp = { Timestamp(millisecondsSinceEpoch: 1_700_000_000_000) }
        let store = existing ?? InMemoryEventStore(clock: clock)
        if existing == nil { try seedStore(store, with: seed) }
        let configuration = WebConfiguration(
            authorizationEndpoint: "https://idp.test/authorize", tokenEndpoint: "https://idp.test/token",
            clientId: clientId, redirectURI: "https://carelog.test/web/callback")
        let service = ServiceConfiguration(issuer: issuer, audience: clientId, jwksFile: "unused")
        let idTokens = try await Authenticator(configuration: service, jwksJSON: jwksJSON)
        // The code names the subject and, after `~`, the nonce of the authorization request it
        // answers (a real provider keeps that nonce with the code); the ID token carries it.
        let exchange = TokenExchange { code, _ throws(WebSignInError) in
            let parts = code.split(separator: "~", maxSplits: 1, omittingEmptySubsequences: false)
            let claims = IDClaims(
                sub: .init(value: String(parts[0])), iss: .init(value: issuer), aud: .init(value: [clientId]),
                exp: .init(value: Date().addingTimeInterval(600)), nonce: parts.count > 1 ? String(parts[1]) : nil)
            do { return try await signers.sign(claims, kid: JWKIdentifier(string: "es-1")) } catch {
                throw .provider("test signing failed")
            }
        }
        let pages = WebPages(
            store: store, storePath: "/nonexistent", configuration: configuration, idTokens: idTokens,
            tokenExchange: exchange, gate: try RegisterGate(store: store, clock: clock),
            reportCache: shared ?? cacheFolder.map { SharedReportCache(storePath: $0) }, clock: clock)
        return WebHarness(pages: pages, store: store)
    }

    /// Appends `lines` to `store`.
    static func seedStore(_ store: InMemoryEventStore, with lines: [String]) throws {
        for (index, text) in lines.enumerated() {
            try store.append([try EventLine.parse(Array(text.utf8), line: index + 1).proposedEvent])
        }
    }

    /// Every `RecordAccessed` in the store, in log order.
    func accessRecords() throws -> [RecordAccessed] {
        try store.events().filter { $0.type == RecordAccessed.eventType }.compactMap { recorded in
            if case .recordAccessed(let record) = try CareEventCodec.decode(recorded) { return record }
            return nil
        }
    }

    /// Appends event lines (a revocation, say) as an administrator would.
    func append(_ lines: [String]) throws {
        for (index, text) in lines.enumerated() {
            try store.append([try EventLine.parse(Array(text.utf8), line: index + 1).proposedEvent])
        }
    }

    /// Runs `body` against a router holding only the pages (no network).
    func test(_ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let router = Router(context: BasicRequestContext.self)
        pages.addRoutes(to: router)
        try await Application(router: router).test(.router) { client in try await body(client) }
    }

    /// Starts a sign-in: the `state` and `nonce` of the authorization request the service redirects to.
    static func beginSignIn(_ client: any TestClientProtocol) async throws -> (state: String, nonce: String) {
        let start = try await client.execute(uri: "/web/sign-in", method: .get)
        let items = try #require(URLComponents(string: start.headers[.location] ?? "")?.queryItems)
        let state = try #require(items.first { $0.name == "state" }?.value)
        let nonce = try #require(items.first { $0.name == "nonce" }?.value)
        return (state, nonce)
    }

    /// The callback the provider sends the browser to after `subject` signs in, its code
    /// bound to `nonce` (nil: an ID token with no nonce).
    static func callback(as subject: String, state: String, nonce: String?) -> String {
        let code = subject + (nonce.map { "~" + $0 } ?? "")
        return "/web/callback?code=\(TokenExchange.formEncode(code))&state=\(state)"
    }

    /// Signs in through the redirect flow as `subject`; the `Cookie` header of the session.
    static func signIn(_ client: any TestClientProtocol, as subject: String) async throws -> HTTPFields {
        let (state, nonce) = try await beginSignIn(client)
        let callback = try await client.execute(uri: callback(as: subject, state: state, nonce: nonce), method: .get)
        #expect(callback.status == .seeOther)
        let cookie = try #require(callback.headers[.setCookie])
        let pair = try #require(cookie.split(separator: ";").first)
        return [.cookie: String(pair)]
    }
}

/// The ID token's claims as the tests sign them.
struct IDClaims: JWTPayload {
    var sub: SubjectClaim
    var iss: IssuerClaim
    var aud: AudienceClaim
    var exp: ExpirationClaim
    var nonce: String?

    func verify(using algorithm: some JWTAlgorithm) async throws {}
}

/// Event lines: two people in different teams, one with a `<script>` in a free-text place.
enum Events {
    static func serviceStarted(_ person: String, team: String, locality: String) -> String {
        #"{"stream":"person/\#(person)","type":"ServiceStarted","occurredAt":"2020-01-06T09:00:00Z","actor":"staff/S001","data":{"firstServiceOn":"2020-01-06","model":"timeAndTask","plannedHoursPerWeek":7,"team":"\#(team)","locality":"\#(locality)"}}"#
    }
    static let seed = [
        serviceStarted("P001", team: "barrhead", locality: "barrhead"),
        serviceStarted("P002", team: "eastwood-north", locality: "eastwood"),
    ]
}
