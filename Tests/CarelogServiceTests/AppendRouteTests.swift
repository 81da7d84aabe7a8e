import EventLog
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import NIOFoundationCompat
import Testing

@testable import CarelogService

/// `POST /v1/events`: who may append what, and whose name goes on it.
@Suite struct AppendRouteTests {
    private let feed: HTTPFields = [.xAPIKey: ServiceHarness.feedKey]

    @Test func theFeedKeyAppendsAllowedTypesAsItselfNotAsTheActorInTheBody() async throws {
        let harness = try await ServiceHarness.make(seed: Events.seed)
        let before = try harness.store.checkpoint().sequence
        try await harness.test { client in
            try await client.execute(
                uri: "/v1/events", method: .post, headers: feed, body: ByteBuffer(string: Events.checkIn)
            ) { #expect($0.status == .created) }
        }
        let appended = try harness.store.events().filter { $0.sequence > before }
        #expect(appended.map(\.type) == ["VisitCheckedIn"])
        #expect(appended.map(\.actor) == ["apikey:ecm-feed"])
    }

    @Test(arguments: [
        AppendBody(outcome: "appended", sequence: 42, stream: "visit/V001", streamVersion: 3),
        AppendBody(outcome: "alreadyRecorded", sequence: nil, stream: "person/P\"x/y\\z", streamVersion: 0),
    ])
    func theAppendAnswerIsTheSameBytesAsTheGeneralJSONEncoding(_ body: AppendBody) {
        #expect(body.jsonBytes == JSONBody.encode(body))
    }

    @Test func theFeedKeyCannotAppendAComplaint() async throws {
        let harness = try await ServiceHarness.make(seed: Events.seed)
        let before = try harness.store.checkpoint()
        try await harness.test { client in
            try await client.execute(
                uri: "/v1/events", method: .post, headers: feed, body: ByteBuffer(string: Events.complaint)
            ) { response in
                #expect(response.status == .forbidden)
                #expect(response.headers[.contentType] == "application/problem+json")
            }
        }
        #expect(try harness.store.checkpoint() == before)
    }

    @Test func signedInStaffCannotAppendBeforeRolesExist() async throws {
        let harness = try await ServiceHarness.make(seed: Events.seed)
        let token = try await harness.provider.token()
        try await harness.test { client in
            try await client.execute(
                uri: "/v1/events", method: .post, headers: ServiceHarness.bearer(token),
                body: ByteBuffer(string: Events.checkIn)
            ) { #expect($0.status == .forbidden) }
        }
    }

    @Test func anInvalidEventIsRefusedWith422AndNothingIsAppended() async throws {
        let harness = try await ServiceHarness.make(seed: Events.seed)
        let before = try harness.store.checkpoint()
        let unscheduled = Events.checkIn.replacingOccurrences(of: "visit/V001", with: "visit/V999")
        try await harness.test { client in
            try await client.execute(
                uri: "/v1/events", method: .post, headers: feed, body: ByteBuffer(string: unscheduled)
            ) { response in
                #expect(response.status == .unprocessableContent)
                let problem = try JSONDecoder().decode(ProblemBody.self, from: Data(buffer: response.body))
                #expect(!problem.detail.contains("S001"))
            }
        }
        #expect(try harness.store.checkpoint() == before)
    }

    @Test func readOnlyModeRefusesAppendsWith503() async throws {
        let harness = try await ServiceHarness.make(readOnly: true, seed: Events.seed)
        try await harness.test { client in
            try await client.execute(
                uri: "/v1/events", method: .post, headers: feed, body: ByteBuffer(string: Events.checkIn)
            ) { #expect($0.status == .serviceUnavailable) }
        }
    }

    @Test func aBodyOverTheLimitIsRefusedWith413() async throws {
        let harness = try await ServiceHarness.make(maximumBodyBytes: 64, seed: Events.seed)
        try await harness.test { client in
            try await client.execute(
                uri: "/v1/events", method: .post, headers: feed, body: ByteBuffer(string: Events.checkIn)
            ) { #expect($0.status == .contentTooLarge) }
        }
    }
}
