import CareRecord
import EventLog
import Foundation
import Hummingbird
import HummingbirdTesting

@testable import CarelogService

/// An in-process service over an in-memory store, with a test identity provider and one feed key.
struct ServiceHarness {
    static let feedKey = "test-feed-key-0123456789"
    static let feedTypes = ["VisitCheckedIn", "VisitCheckedOut"]

    let provider: TestIdentityProvider
    let store: InMemoryEventStore
    let server: CarelogServer

    static func make(
        readOnly: Bool = false, maximumBodyBytes: Int? = nil, seed: [String] = [],
        gate: any AccessGate = KeyAllowanceGate(), storePath: String? = nil
    ) async throws -> ServiceHarness {
        let provider = try await TestIdentityProvider.make()
        let clock: @Sendable () -> Timestamp = { Timestamp(millisecondsSinceEpoch: 1_700_000_000_000) }
        let store = InMemoryEventStore(clock: clock)
        for (index, text) in seed.enumerated() {
            let line = try EventLine.parse(Array(text.utf8), line: index + 1)
            try store.append([line.proposedEvent])
        }
        let configuration = ServiceConfiguration(
            issuer: TestIdentityProvider.issuer, audience: TestIdentityProvider.audience, jwksFile: "unused",
            apiKeys: [APIKeyEntry(name: "ecm-feed", sha256: APIKeyEntry.hash(of: feedKey), eventTypes: feedTypes)],
            maximumBodyBytes: maximumBodyBytes)
        let authenticator = try await Authenticator(configuration: configuration, jwksJSON: provider.jwksJSON)
        let server = CarelogServer(
            store: store, storePath: storePath, authenticator: authenticator, gate: gate, configuration: configuration,
            readOnly: readOnly, clock: clock)
        return ServiceHarness(provider: provider, store: store, server: server)
    }

    /// Runs `body` against the router in process (no network).
    func test(_ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let app = Application(router: server.router())
        try await app.test(.router) { client in try await body(client) }
    }

    static func bearer(_ token: String) -> HTTPFields { [.authorization: "Bearer " + token] }
}

/// Event lines for a person with one scheduled visit (the feed checks in to it).
enum Events {
    static let serviceStarted =
        #"{"stream":"person/P001","type":"ServiceStarted","occurredAt":"2020-01-06T09:00:00Z","actor":"staff/S001","data":{"firstServiceOn":"2020-01-06","model":"timeAndTask","plannedHoursPerWeek":7,"team":"barrhead","locality":"barrhead"}}"#
    static let staffJoined =
        #"{"stream":"staff/S001","type":"StaffJoined","occurredAt":"2020-01-02T09:00:00Z","actor":"system/hr","data":{"joinedOn":"2020-01-02","role":"homeCareWorker","team":"barrhead"}}"#
    static let visitScheduled =
        #"{"stream":"visit/V001","type":"VisitScheduled","occurredAt":"2020-01-06T06:00:00Z","actor":"system/roster","data":{"personId":"P001","plannedStart":"2020-01-06T09:00:00Z","plannedMinutes":30,"carersNeeded":1,"timeCritical":false}}"#
    /// Names a spoofed actor: the service must record the key's identity instead.
    static let checkIn =
        #"{"stream":"visit/V001","type":"VisitCheckedIn","occurredAt":"2020-01-06T09:04:00Z","actor":"staff/SPOOFED","data":{"checkedInAt":"2020-01-06T09:04:00Z","staffId":"S001","method":"electronic"}}"#
    static let complaint =
        #"{"stream":"complaint/C001","type":"ComplaintReceived","occurredAt":"2020-01-06T09:04:00Z","actor":"system/ecm","data":{}}"#
    static let checkOut =
        #"{"stream":"visit/V001","type":"VisitCheckedOut","occurredAt":"2020-01-06T09:34:00Z","actor":"staff/SPOOFED","data":{"checkedOutAt":"2020-01-06T09:34:00Z","staffId":"S001","method":"electronic"}}"#
    /// Voids the visit's schedule (sequence 3 in the seed): a correction beside what it corrects.
    static let voidSchedule =
        #"{"stream":"visit/V001","type":"EntryVoided","occurredAt":"2020-01-06T10:00:00Z","actor":"staff/S001","data":{"sequence":3,"reason":"duplicate"}}"#
    static let seed = [staffJoined, serviceStarted, visitScheduled]
}
