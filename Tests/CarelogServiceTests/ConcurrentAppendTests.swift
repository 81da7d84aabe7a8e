import CareRecord
import EventLog
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import NIOFoundationCompat
import TestSupport
import Testing

@testable import CarelogService

/// `POST /v1/events` when another append reaches the same stream between this request's
/// planning and its commit: a fact is recorded once, as when the requests come one by one.
@Suite struct ConcurrentAppendTests {
    private let feed: HTTPFields = [.xAPIKey: ServiceHarness.feedKey]

    /// A server over a ``RacingStore`` seeded with `Events.seed`, whose first append is preceded
    /// by `intruder` (an event line appended as it is).
    private func server(intruder: String) async throws -> (CarelogServer, InMemoryEventStore) {
        let clock: @Sendable () -> Timestamp = { Timestamp(millisecondsSinceEpoch: 1_700_000_000_000) }
        let base = InMemoryEventStore(clock: clock)
        for (index, text) in Events.seed.enumerated() {
            try base.append([try EventLine.parse(Array(text.utf8), line: index + 1).proposedEvent])
        }
        let racing = RacingStore(
            base: base,
            intruder: AppendBatch(events: [try EventLine.parse(Array(intruder.utf8), line: 1).proposedEvent]))
        let provider = try await TestIdentityProvider.make()
        let configuration = ServiceConfiguration(
            issuer: TestIdentityProvider.issuer, audience: TestIdentityProvider.audience, jwksFile: "unused",
            apiKeys: [
                APIKeyEntry(
                    name: "ecm-feed", sha256: APIKeyEntry.hash(of: ServiceHarness.feedKey),
                    eventTypes: ServiceHarness.feedTypes)
            ])
        let authenticator = try await Authenticator(configuration: configuration, jwksJSON: provider.jwksJSON)
        let server = CarelogServer(
            store: racing, authenticator: authenticator, configuration: configuration, readOnly: false, clock: clock)
        return (server, base)
    }

    private func checkIns(_ store: InMemoryEventStore) throws -> [RecordedEvent] {
        try store.events().filter { $0.type == "VisitCheckedIn" }
    }

    @Test func theSameFactCommittedMeanwhileIsAnsweredAlreadyRecordedNotRecordedTwice() async throws {
        let (server, base) = try await server(intruder: Events.checkIn)
        try await Application(router: server.router()).test(.router) { client in
            try await client.execute(
                uri: "/v1/events", method: .post, headers: feed, body: ByteBuffer(string: Events.checkIn)
            ) { response in
                #expect(response.status == .ok)
                let body = try JSONDecoder().decode(AppendBody.self, from: Data(buffer: response.body))
                #expect(body.outcome == "alreadyRecorded")
                #expect(body.streamVersion == 2)
            }
        }
        #expect(try checkIns(base).count == 1)
    }

    @Test func anotherFactCommittedMeanwhileIsFollowedNotOverwrittenOrRefused() async throws {
        let otherCarer = Events.checkIn.replacingOccurrences(of: #""staffId":"S001""#, with: #""staffId":"S002""#)
        let (server, base) = try await server(intruder: otherCarer)
        try await Application(router: server.router()).test(.router) { client in
            try await client.execute(
                uri: "/v1/events", method: .post, headers: feed, body: ByteBuffer(string: Events.checkIn)
            ) { response in
                #expect(response.status == .created)
                let body = try JSONDecoder().decode(AppendBody.self, from: Data(buffer: response.body))
                #expect(body.outcome == "appended")
                #expect(body.streamVersion == 3)
            }
        }
        #expect(try checkIns(base).count == 2)
    }

    @Test func aLineThatStatesItsExpectedVersionStillGetsItsConflict() async throws {
        let otherCarer = Events.checkIn.replacingOccurrences(of: #""staffId":"S001""#, with: #""staffId":"S002""#)
        let expecting = Events.checkIn.replacingOccurrences(
            of: #""type":"VisitCheckedIn","#, with: #""type":"VisitCheckedIn","expectedVersion":1,"#)
        let (server, base) = try await server(intruder: otherCarer)
        try await Application(router: server.router()).test(.router) { client in
            try await client.execute(
                uri: "/v1/events", method: .post, headers: feed, body: ByteBuffer(string: expecting)
            ) { #expect($0.status == .conflict) }
        }
        #expect(try checkIns(base).count == 1)
    }
}
