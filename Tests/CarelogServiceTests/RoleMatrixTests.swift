import CareRecord
import EventLog
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import CarelogService

/// Every route × every role, in and out of scope, with roles granted in the log and decided by
/// the access policy (``RegisterGate``): the status, and whether a `RecordAccessed` was written
/// (read back from the store).
@Suite struct RoleMatrixTests {
    /// Who asks: a subject signed in with a token, or the feed's API key.
    enum Caller: String, CaseIterable, Sendable {
        case coordinatorInTeam, coordinatorOtherTeam, serviceManager, auditor, inspector, administrator, feed

        var subject: String { "staff/" + rawValue }
        var grant: (role: String, scope: String) {
            switch self {
            case .coordinatorInTeam: return ("coordinator", #"{"kind":"team","id":"barrhead"}"#)
            case .coordinatorOtherTeam: return ("coordinator", #"{"kind":"team","id":"levern"}"#)
            case .serviceManager: return ("serviceManager", #"{"kind":"partnership"}"#)
            case .auditor: return ("auditor", #"{"kind":"partnership"}"#)
            case .inspector: return ("inspector", #"{"kind":"partnership"}"#)
            case .administrator: return ("administrator", #"{"kind":"partnership"}"#)
            case .feed: return ("feed", #"{"kind":"partnership"}"#)
            }
        }
    }

    /// One request of the matrix.
    struct Call: Sendable {
        var name: String
        var method: HTTPRequest.Method
        var uri: String
        var body: String?
        var reads: Bool
    }

    static let calls = [
        Call(name: "stream", method: .get, uri: "/v1/streams/person/P001", reads: true),
        Call(name: "timeline", method: .get, uri: "/v1/people/P001/timeline", reads: true),
        Call(name: "report", method: .get, uri: "/v1/reports/reviews-due?asAt=2020-01-31", reads: true),
        Call(
            name: "teamReport", method: .get, uri: "/v1/reports/reviews-due?asAt=2020-01-31&team=barrhead", reads: true),
        Call(
            name: "serviceReport", method: .get, uri: "/v1/reports/compliance?asAt=2020-01-31&service=barrhead",
            reads: true),
        Call(
            name: "teamRAG", method: .get, uri: "/v1/reports/improvement-rag?asAt=2020-01-31&team=barrhead",
            reads: false),
        Call(
            name: "teamVisits", method: .get,
            uri: "/v1/reports/visit-delivery?asAt=2020-01-31&from=2020-01-01&team=barrhead&by=person", reads: true),
        Call(
            name: "teamTrend", method: .get,
            uri: "/v1/reports/compliance-trend?asAt=2020-01-31&from=2020-01-01&team=barrhead", reads: true),
        Call(
            name: "visits", method: .get, uri: "/v1/reports/visit-delivery?asAt=2020-01-31&from=2020-01-01",
            reads: true),
        Call(name: "extract", method: .get, uri: "/v1/extracts/notifications?asAt=2020-03-31", reads: true),
        Call(name: "accessReport", method: .get, uri: "/v1/access-report?person=P001", reads: true),
        Call(name: "checkpoint", method: .get, uri: "/v1/checkpoint", reads: false),
        Call(name: "verify", method: .post, uri: "/v1/verify", reads: false),
        Call(name: "append", method: .post, uri: "/v1/events", body: Events.checkIn, reads: false),
        Call(name: "complaint", method: .post, uri: "/v1/events", body: Events.complaint, reads: false),
        Call(name: "grants", method: .get, uri: "/v1/access/grants?asAt=2020-01-31", reads: false),
        Call(name: "grant", method: .post, uri: "/v1/access/grants", body: AccessBodies.grant, reads: false),
        Call(name: "revoke", method: .post, uri: "/v1/access/revocations", body: AccessBodies.revoke, reads: false),
    ]

    /// The expected status of each call for each caller (Docs/access.md, the policy's matrix).
    static let expected: [Caller: [String: Int]] = [
        .coordinatorInTeam: [
            "stream": 200, "timeline": 200, "report": 403, "teamReport": 200, "serviceReport": 403, "teamRAG": 400,
            "teamVisits": 200, "teamTrend": 200, "visits": 403,
            "extract": 403, "accessReport": 403, "checkpoint": 403,
            "verify": 403, "append": 201, "complaint": 403,
            "grants": 403, "grant": 403, "revoke": 403,
        ],
        .coordinatorOtherTeam: [
            "stream": 403, "timeline": 403, "report": 403, "teamReport": 403, "serviceReport": 403, "teamRAG": 400,
            "teamVisits": 403, "teamTrend": 403, "visits": 403,
            "extract": 403, "accessReport": 403, "checkpoint": 403,
            "verify": 403, "append": 403, "complaint": 403,
            "grants": 403, "grant": 403, "revoke": 403,
        ],
        .serviceManager: [
            "stream": 200, "timeline": 200, "report": 200, "teamReport": 200, "serviceReport": 200, "teamRAG": 400,
            "teamVisits": 200, "teamTrend": 200, "visits": 200,
            "extract": 200, "accessReport": 403, "checkpoint": 200,
            "verify": 200, "append": 201, "complaint": 422,
            "grants": 403, "grant": 403, "revoke": 403,
        ],
        .auditor: [
            "stream": 200, "timeline": 200, "report": 200, "teamReport": 200, "serviceReport": 200, "teamRAG": 400,
            "teamVisits": 200, "teamTrend": 200, "visits": 200,
            "extract": 200, "accessReport": 200, "checkpoint": 200,
            "verify": 200, "append": 403, "complaint": 403,
            "grants": 200, "grant": 403, "revoke": 403,
        ],
        .inspector: [
            "stream": 403, "timeline": 403, "report": 403, "teamReport": 403, "serviceReport": 403, "teamRAG": 400,
            "teamVisits": 403, "teamTrend": 403, "visits": 403,
            "extract": 200, "accessReport": 403, "checkpoint": 403,
            "verify": 403, "append": 403, "complaint": 403,
            "grants": 403, "grant": 403, "revoke": 403,
        ],
        .administrator: [
            "stream": 403, "timeline": 403, "report": 403, "teamReport": 403, "serviceReport": 403, "teamRAG": 400,
            "teamVisits": 403, "teamTrend": 403, "visits": 403,
            "extract": 403, "accessReport": 403, "checkpoint": 200,
            "verify": 200, "append": 403, "complaint": 403,
            "grants": 200, "grant": 201, "revoke": 201,
        ],
        .feed: [
            "stream": 403, "timeline": 403, "report": 403, "teamReport": 403, "serviceReport": 403, "teamRAG": 400,
            "teamVisits": 403, "teamTrend": 403, "visits": 403,
            "extract": 403, "accessReport": 403, "checkpoint": 403,
            "verify": 403, "append": 201, "complaint": 403,
            "grants": 403, "grant": 403, "revoke": 403,
        ],
    ]

    static let accessTypes: Set<String> = [AccessGranted.eventType, AccessRevoked.eventType]

    private static func grantLines() -> [String] {
        Caller.allCases.enumerated().map { index, caller in
            let subject = caller == .feed ? "ecm-feed" : caller.subject
            return
                #"{"stream":"access/G\#(index + 1)","type":"AccessGranted","occurredAt":"2020-01-01T09:00:00Z","actor":"staff/admin","data":{"subject":"\#(subject)","role":"\#(caller.grant.role)","scope":\#(caller.grant.scope),"effectiveFrom":"2020-01-01"}}"#
        }
    }

    @Test(arguments: Caller.allCases)
    func everyRouteAnswersEachRoleAsThePolicySaysAndRecordsEveryPersonalDataRead(_ caller: Caller) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("carelog-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let seed = Events.seed + Self.grantLines()
        let base = try await ServiceHarness.make(seed: seed, storePath: folder.path)
        let gate = try RegisterGate(store: base.store, clock: base.server.clock)
        let server = CarelogServer(
            store: base.store, storePath: folder.path, authenticator: base.server.authenticator, gate: gate,
            configuration: base.server.configuration, readOnly: false, clock: base.server.clock)
        let harness = ServiceHarness(provider: base.provider, store: base.store, server: server)
        let headers: HTTPFields =
            caller == .feed
            ? [.xAPIKey: ServiceHarness.feedKey]
            : ServiceHarness.bearer(try await harness.provider.token(subject: caller.subject))
        let store = harness.store
        let expected = try #require(Self.expected[caller])
        try await harness.test { client in
            for call in Self.calls {
                let before = try store.events().filter { $0.type == RecordAccessed.eventType }
                let accessBefore = try store.events().filter { Self.accessTypes.contains($0.type) }.count
                let body = call.body.map { ByteBuffer(string: $0) }
                try await client.execute(uri: call.uri, method: call.method, headers: headers, body: body) {
                    #expect(Int($0.status.code) == expected[call.name], "\(caller) \(call.name)")
                }
                let after = try store.events().filter { $0.type == RecordAccessed.eventType }
                let accessAfter = try store.events().filter { Self.accessTypes.contains($0.type) }
                let administered = ["grant", "revoke"].contains(call.name) && expected[call.name] == 201
                #expect(accessAfter.count - accessBefore == (administered ? 1 : 0), "\(caller) \(call.name) granted")
                if administered { #expect(accessAfter.last?.actor == caller.subject) }
                #expect(after.count - before.count == (call.reads ? 1 : 0), "\(caller) \(call.name) recorded")
                if let record = after.last, after.count > before.count {
                    #expect(record.actor == (caller == .feed ? "apikey:ecm-feed" : caller.subject))
                }
            }
        }
    }

    @Test func aCoordinatorMayBreakGlassOnlyWithAReasonAndTheReadIsFlagged() async throws {
        let base = try await ServiceHarness.make(seed: Events.seed + Self.grantLines())
        let gate = try RegisterGate(store: base.store, clock: base.server.clock)
        let server = CarelogServer(
            store: base.store, authenticator: base.server.authenticator, gate: gate,
            configuration: base.server.configuration, readOnly: false, clock: base.server.clock)
        let harness = ServiceHarness(provider: base.provider, store: base.store, server: server)
        let token = try await harness.provider.token(subject: Caller.coordinatorOtherTeam.subject)
        var headers = ServiceHarness.bearer(token)
        let unreasoned = headers
        try await harness.test { client in
            try await client.execute(uri: "/v1/people/P001/timeline", method: .get, headers: unreasoned) {
                #expect($0.status == .forbidden)
            }
        }
        headers[.carelogReason] = "urgent: hospital admission"
        let reasoned = headers
        try await harness.test { client in
            try await client.execute(uri: "/v1/people/P001/timeline", method: .get, headers: reasoned) {
                #expect($0.status == .ok)
            }
        }
        let records = try harness.store.events().filter { $0.type == RecordAccessed.eventType }
        let decoded = try records.map { try CareEventCodec.decode($0) }
        let flags = decoded.compactMap { event -> Bool? in
            if case .recordAccessed(let r) = event { return r.breakGlass }
            return nil
        }
        #expect(flags == [false, true])
    }

    @Test func aTeamCoordinatorGetsTheReportOverTheirTeamOnlyAndIsToldToLimitAWiderOne() async throws {
        let otherPerson =
            #"{"stream":"person/P002","type":"ServiceStarted","occurredAt":"2020-01-07T09:00:00Z","actor":"staff/S001","data":{"firstServiceOn":"2020-01-07","model":"timeAndTask","plannedHoursPerWeek":7,"team":"levern","locality":"levern"}}"#
        let base = try await ServiceHarness.make(seed: Events.seed + [otherPerson] + Self.grantLines())
        let gate = try RegisterGate(store: base.store, clock: base.server.clock)
        let server = CarelogServer(
            store: base.store, authenticator: base.server.authenticator, gate: gate,
            configuration: base.server.configuration, readOnly: false, clock: base.server.clock)
        let harness = ServiceHarness(provider: base.provider, store: base.store, server: server)
        let coordinator = ServiceHarness.bearer(
            try await harness.provider.token(subject: Caller.coordinatorInTeam.subject))
        let auditor = ServiceHarness.bearer(try await harness.provider.token(subject: Caller.auditor.subject))
        try await harness.test { client in
            try await client.execute(
                uri: "/v1/reports/reviews-due?asAt=2020-01-31&team=barrhead&format=csv", method: .get,
                headers: coordinator
            ) {
                #expect($0.status == .ok)
                let body = String(buffer: $0.body)
                #expect(body.contains("P001"))
                #expect(!body.contains("P002"), "a person of another team is not in the team's report")
                #expect(!body.contains("levern"))
            }
            try await client.execute(
                uri: "/v1/reports/reviews-due?asAt=2020-01-31&format=csv", method: .get, headers: auditor
            ) {
                #expect($0.status == .ok)
                let body = String(buffer: $0.body)
                #expect(body.contains("P001") && body.contains("P002"), "the partnership's report lists both")
            }
            try await client.execute(
                uri: "/v1/reports/reviews-due?asAt=2020-01-31", method: .get, headers: coordinator
            ) {
                #expect($0.status == .forbidden)
                let body = String(buffer: $0.body)
                #expect(body.contains("must be limited to that scope"))
                #expect(body.contains("team:barrhead"), "the refusal names the caller's own scope")
            }
            try await client.execute(
                uri: "/v1/reports/reviews-due?asAt=2020-01-31&team=levern", method: .get, headers: coordinator
            ) { #expect($0.status == .forbidden, "another team's report is refused") }
            try await client.execute(
                uri: "/v1/reports/visit-delivery?asAt=2020-01-31&from=2020-01-01&team=barrhead"
                    + "&by=person&format=markdown",
                method: .get, headers: coordinator
            ) {
                #expect($0.status == .ok)
                let body = String(buffer: $0.body)
                #expect(body.contains("P001"), "the team's person has their visit row")
                #expect(body.contains("team barrhead"), "the title names the scope")
            }
            try await client.execute(
                uri: "/v1/reports/visit-delivery?asAt=2020-01-31&from=2020-01-01", method: .get, headers: coordinator
            ) {
                #expect($0.status == .forbidden)
                #expect(String(buffer: $0.body).contains("must be limited to that scope"))
            }
            try await client.execute(
                uri: "/v1/reports/improvement-rag?asAt=2020-01-31", method: .get, headers: coordinator
            ) {
                #expect($0.status == .forbidden)
                let body = String(buffer: $0.body)
                #expect(body.contains("improvement-rag report is partnership-wide only"), "says why, not 'limit it'")
                #expect(!body.contains("must be limited to that scope"))
                #expect(body.contains("team:barrhead") && body.contains("partnership grant"))
            }
            try await client.execute(
                uri: "/v1/reports/improvement-rag?asAt=2020-01-31&team=barrhead", method: .get, headers: coordinator
            ) {
                #expect($0.status == .badRequest)
                #expect(String(buffer: $0.body).contains("improvement programme"))
            }
        }
        let records = try harness.store.events().filter { $0.type == RecordAccessed.eventType }
        let decoded = try records.map { try CareEventCodec.decode($0) }
        let teams = decoded.compactMap { event -> String? in
            if case .recordAccessed(let r) = event { return r.target.parameters?["team"] ?? "-" }
            return nil
        }
        #expect(
            teams == ["barrhead", "-", "-", "levern", "barrhead", "-", "-"],
            "the scope is recorded with the read, and with a refusal the scope that was asked for")
    }
}
