import EventLog
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import NIOFoundationCompat
import Testing

@testable import CarelogService

/// `POST /v1/import`: NDJSON imported as `carelog import` imports it, as the signed-in identity.
@Suite struct ImportRouteTests {
    private let feed: HTTPFields = [.xAPIKey: ServiceHarness.feedKey]

    private func post(
        _ harness: ServiceHarness, _ uri: String, _ body: String,
        _ check: @escaping @Sendable (TestResponse) async throws -> Void
    ) async throws {
        let feed = feed
        try await harness.test { client in
            try await client.execute(uri: uri, method: .post, headers: feed, body: ByteBuffer(string: body)) {
                try await check($0)
            }
        }
    }

    @Test func theFeedImportsItsLinesAsItselfWhateverActorTheLinesName() async throws {
        let harness = try await ServiceHarness.make(seed: Events.seed)
        let before = try harness.store.checkpoint().sequence
        try await post(harness, "/v1/import", Events.checkIn + "\n" + Events.checkOut + "\n") { response in
            #expect(response.status == .created)
            let body = try JSONDecoder().decode(ImportBody.self, from: Data(buffer: response.body))
            #expect(body.appended == 2)
            #expect(body.firstSequence == before + 1)
        }
        let appended = try harness.store.events().filter { $0.sequence > before }
        #expect(appended.map(\.type) == ["VisitCheckedIn", "VisitCheckedOut"])
        #expect(Set(appended.map(\.actor)) == ["apikey:ecm-feed"])
    }

    @Test func reImportingTheSameLinesAppendsNothingAndAnswers200() async throws {
        let harness = try await ServiceHarness.make(seed: Events.seed + [Events.checkIn])
        let before = try harness.store.checkpoint()
        try await post(harness, "/v1/import", Events.checkIn) { response in
            #expect(response.status == .ok)
            let body = try JSONDecoder().decode(ImportBody.self, from: Data(buffer: response.body))
            #expect(body.appended == 0)
            #expect(body.alreadyRecorded == 1)
        }
        #expect(try harness.store.checkpoint() == before)
    }

    @Test func anInvalidLineAppendsNothingFromTheBatchAndNamesTheLine() async throws {
        let harness = try await ServiceHarness.make(seed: Events.seed)
        let before = try harness.store.checkpoint()
        let unscheduled = Events.checkOut.replacingOccurrences(of: "visit/V001", with: "visit/V999")
        try await post(harness, "/v1/import", Events.checkIn + "\n" + unscheduled) { response in
            #expect(response.status == .unprocessableContent)
            let problem = try JSONDecoder().decode(ProblemBody.self, from: Data(buffer: response.body))
            #expect(problem.detail.contains("line 2"))
            #expect(!problem.detail.contains("S001"))
        }
        #expect(try harness.store.checkpoint() == before)
    }

    @Test func aLineTheKeyMayNotAppendRefusesTheWholeBodyWith403() async throws {
        let harness = try await ServiceHarness.make(seed: Events.seed)
        let before = try harness.store.checkpoint()
        try await post(harness, "/v1/import", Events.checkIn + "\n" + Events.complaint) { response in
            #expect(response.status == .forbidden)
        }
        #expect(try harness.store.checkpoint() == before)
    }

    @Test func aChunkOfZeroIsAUsageError() async throws {
        let harness = try await ServiceHarness.make(seed: Events.seed)
        try await post(harness, "/v1/import?chunk=0", Events.checkIn) { #expect($0.status == .badRequest) }
    }

    @Test func readOnlyModeRefusesImportsWith503() async throws {
        let harness = try await ServiceHarness.make(readOnly: true, seed: Events.seed)
        try await post(harness, "/v1/import", Events.checkIn) { #expect($0.status == .serviceUnavailable) }
    }
}
