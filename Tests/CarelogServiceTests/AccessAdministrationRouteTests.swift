import CareCalendar
import CareRecord
import CarelogOperations
import EventLog
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import NIOFoundationCompat
import Projections
import Testing

@testable import CarelogService

/// Bodies of the access administration routes.
enum AccessBodies {
    /// A coordinator grant for barrhead.
    static let grant =
        #"{"subject":"staff/newcomer","role":"coordinator","scope":{"kind":"team","id":"barrhead"},"effectiveFrom":"2020-02-01"}"#
    /// Revokes G2 (the other team's coordinator in the role matrix) from the end of 2020.
    static let revoke = #"{"grantId":"G2","effectiveFrom":"2020-12-31","reason":"left the team"}"#
}

/// `POST /v1/access/grants`, `POST /v1/access/revocations` and `GET /v1/access/grants`: the
/// same validation, fact identity and messages as `carelog access grant|revoke|list`, the actor
/// the signed-in administrator.
@Suite struct AccessAdministrationRouteTests {
    static let admin = "staff/admin"
    static let auditor = "staff/auditor"

    static let seed =
        Events.seed + [
            #"{"stream":"access/G1","type":"AccessGranted","occurredAt":"2020-01-01T09:00:00Z","actor":"staff/root","data":{"subject":"staff/admin","role":"administrator","scope":{"kind":"partnership"},"effectiveFrom":"2020-01-01"}}"#,
            #"{"stream":"access/G2","type":"AccessGranted","occurredAt":"2020-01-01T09:00:00Z","actor":"staff/root","data":{"subject":"staff/auditor","role":"auditor","scope":{"kind":"partnership"},"effectiveFrom":"2020-01-01"}}"#,
        ]

    static func harness(readOnly: Bool = false) async throws -> ServiceHarness {
        let base = try await ServiceHarness.make(seed: seed)
        let gate = try RegisterGate(store: base.store, clock: base.server.clock)
        let server = CarelogServer(
            store: base.store, authenticator: base.server.authenticator, gate: gate,
            configuration: base.server.configuration, readOnly: readOnly, clock: base.server.clock)
        return ServiceHarness(provider: base.provider, store: base.store, server: server)
    }

    static func post(
        _ client: any TestClientProtocol, _ uri: String, _ body: String, as headers: HTTPFields
    ) async throws -> (HTTPResponse.Status, [String: Any]) {
        try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body)) {
            ($0.status, (try? JSONSerialization.jsonObject(with: Data(buffer: $0.body)) as? [String: Any]) ?? [:])
        }
    }

    static func grants(_ client: any TestClientProtocol, _ query: String, as headers: HTTPFields) async throws
        -> [[String: Any]]
    {
        try await client.execute(uri: "/v1/access/grants?" + query, method: .get, headers: headers) {
            #expect($0.status == .ok)
            let body = try JSONSerialization.jsonObject(with: Data(buffer: $0.body)) as? [String: Any]
            return body?["grants"] as? [[String: Any]] ?? []
        }
    }

    @Test func anAdministratorGrantsAndRevokesAsTheSignedInIdentityAndTheListShowsBoth() async throws {
        let harness = try await Self.harness()
        let admin = ServiceHarness.bearer(try await harness.provider.token(subject: Self.admin))
        let auditor = ServiceHarness.bearer(try await harness.provider.token(subject: Self.auditor))
        try await harness.test { client in
            let (status, granted) = try await Self.post(client, "/v1/access/grants", AccessBodies.grant, as: admin)
            #expect(status == .created)
            #expect(granted["grantId"] as? String == "G000003")
            #expect(granted["stream"] as? String == "access/G000003")
            let inForce = try await Self.grants(client, "asAt=2020-03-01", as: auditor)
            // By subject, then grant id: staff/admin, staff/auditor, staff/newcomer.
            #expect(inForce.compactMap { $0["grantId"] as? String } == ["G1", "G2", "G000003"])
            #expect(inForce.last?["scope"] as? String == "team:barrhead")
            #expect(inForce.last?["grantedBy"] as? String == Self.admin)
            let before = try await Self.grants(client, "asAt=2020-01-31", as: admin)
            #expect(before.compactMap { $0["grantId"] as? String } == ["G1", "G2"])

            let revocation = #"{"grantId":"G000003","effectiveFrom":"2020-06-01"}"#
            let (revoked, _) = try await Self.post(client, "/v1/access/revocations", revocation, as: admin)
            #expect(revoked == .created)
            let after = try await Self.grants(client, "asAt=2020-06-01", as: auditor)
            #expect(after.compactMap { $0["grantId"] as? String } == ["G1", "G2"])
            let all = try await Self.grants(client, "all=true", as: auditor)
            let record = try #require(all.first { $0["grantId"] as? String == "G000003" })
            #expect(record["revokedFrom"] as? String == "2020-06-01")
            #expect(record["revokedBy"] as? String == Self.admin)
            let asKnownBefore = try await Self.grants(client, "all=true&knownAt=5", as: auditor)
            #expect(asKnownBefore.compactMap { $0["grantId"] as? String } == ["G1", "G2"])
        }
        let written = try harness.store.events().filter { $0.stream.description == "access/G000003" }
        #expect(written.map(\.type) == [AccessGranted.eventType, AccessRevoked.eventType])
        #expect(written.allSatisfy { $0.actor == Self.admin })
    }

    @Test func aGrantTheCommandLineRefusesIsRefusedWithItsMessageAndNothingIsWritten() async throws {
        let harness = try await Self.harness()
        let admin = ServiceHarness.bearer(try await harness.provider.token(subject: Self.admin))
        let carer =
            #"{"subject":"staff/carer","role":"carer","scope":{"kind":"partnership"},"effectiveFrom":"2020-02-01"}"#
        let reference = InMemoryEventStore(clock: { Timestamp(millisecondsSinceEpoch: 1_700_000_000_000) })
        let cliMessage: String
        do {
            _ = try AccessAdministration.grant(
                AccessGranted(
                    subject: "staff/carer", role: .carer, scope: .partnership,
                    effectiveFrom: try #require(CareDate(iso8601: "2020-02-01"))),
                grantId: "G000003", actor: Self.admin, now: Timestamp(millisecondsSinceEpoch: 1_700_000_000_000),
                store: reference)
            Issue.record("the command line's grant accepted a carer without a staff id")
            return
        } catch {
            cliMessage = CarelogError.from(error).description
        }
        let count = try harness.store.events().count
        try await harness.test { client in
            try await client.execute(
                uri: "/v1/access/grants", method: .post, headers: admin, body: ByteBuffer(string: carer)
            ) {
                #expect($0.status == .unprocessableContent)
                let problem = try JSONSerialization.jsonObject(with: Data(buffer: $0.body)) as? [String: Any]
                let detail = try #require(problem?["detail"] as? String)
                #expect(detail.contains("staffId"))
                #expect(cliMessage.contains(detail) || detail.contains(cliMessage))
            }
            let secret =
                #"{"subject":"staff/x","role":"SECRET-ROLE-VALUE","scope":{"kind":"partnership"},"effectiveFrom":"2020-02-01"}"#
            try await client.execute(
                uri: "/v1/access/grants", method: .post, headers: admin, body: ByteBuffer(string: secret)
            ) {
                #expect($0.status == .unprocessableContent || $0.status == .badRequest)
                #expect(!String(buffer: $0.body).contains("SECRET-ROLE-VALUE"))
            }
            let spoofed = AccessBodies.grant.replacingOccurrences(
                of: "{\"subject", with: "{\"actor\":\"staff/SPOOFED\",\"subject")
            let (spoof, problem) = try await Self.post(client, "/v1/access/grants", spoofed, as: admin)
            #expect(spoof == .unprocessableContent)
            #expect((problem["detail"] as? String)?.contains("actor") == true)
            #expect((problem["detail"] as? String)?.contains("SPOOFED") == false)
            let (notJSON, _) = try await Self.post(client, "/v1/access/grants", "[1,2]", as: admin)
            #expect(notJSON == .badRequest)
        }
        #expect(try harness.store.events().count == count)
    }

    @Test func theSameGrantIdTwiceConflictsAndAnUnknownGrantCannotBeRevoked() async throws {
        let harness = try await Self.harness()
        let admin = ServiceHarness.bearer(try await harness.provider.token(subject: Self.admin))
        let named =
            #"{"grantId":"G9","subject":"staff/a","role":"auditor","scope":{"kind":"partnership"},"effectiveFrom":"2020-02-01"}"#
        try await harness.test { client in
            let (first, body) = try await Self.post(client, "/v1/access/grants", named, as: admin)
            #expect(first == .created)
            #expect(body["grantId"] as? String == "G9")
            let (second, _) = try await Self.post(client, "/v1/access/grants", named, as: admin)
            #expect(second == .conflict)
            let unknown = #"{"grantId":"G404","effectiveFrom":"2020-02-01"}"#
            let (revoked, problem) = try await Self.post(client, "/v1/access/revocations", unknown, as: admin)
            #expect(revoked == .badRequest)
            #expect((problem["detail"] as? String)?.contains("no grant with that id") == true)
            let (missing, _) = try await Self.post(
                client, "/v1/access/revocations", #"{"effectiveFrom":"2020-02-01"}"#, as: admin)
            #expect(missing == .unprocessableContent)
        }
    }

    @Test func aReadOnlyServiceRefusesGrantsButStillListsThem() async throws {
        let harness = try await Self.harness(readOnly: true)
        let admin = ServiceHarness.bearer(try await harness.provider.token(subject: Self.admin))
        try await harness.test { client in
            let (status, _) = try await Self.post(client, "/v1/access/grants", AccessBodies.grant, as: admin)
            #expect(status == .serviceUnavailable)
            let listed = try await Self.grants(client, "asAt=2020-03-01", as: admin)
            #expect(listed.count == 2)
        }
    }
}
