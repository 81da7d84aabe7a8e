import CarelogOperations
import Crypto
import EventLog
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import NIOFoundationCompat
import Testing

@testable import CarelogService

/// The routes that read personal data: stream history, a person's timeline, reports and the
/// notification extract — what they answer, with the command line's parameters, and that each
/// read is recorded (through the gate) only when it was answered.
@Suite struct ReadRouteTests {
    private static let seed = Events.seed + [Events.voidSchedule]

    private func get(
        _ harness: ServiceHarness, _ uri: String, headers: HTTPFields? = nil,
        _ check: @escaping @Sendable (TestResponse) async throws -> Void
    ) async throws {
        let token = try await harness.provider.token()
        let fields = headers ?? ServiceHarness.bearer(token)
        try await harness.test { client in
            try await client.execute(uri: uri, method: .get, headers: fields) { try await check($0) }
        }
    }

    private static func json(_ response: TestResponse) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
    }

    @Test func aStreamHistoryShowsTheVoidBesideTheEntryItVoidsAndIsRecorded() async throws {
        let gate = RecordingGate()
        let harness = try await ServiceHarness.make(seed: Self.seed, gate: gate)
        try await get(harness, "/v1/streams/visit/V001?format=markdown") { response in
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "text/markdown; charset=utf-8")
            let text = String(buffer: response.body)
            #expect(text.contains("Audit timeline visit/V001"))
            #expect(text.contains("voided by #4"))
        }
        let stream = try #require(StreamName("visit/V001"))
        #expect(gate.recorded.map(\.action) == [.readStream(stream)])
    }

    @Test func knownAtShowsTheStreamAsItStoodBeforeTheVoid() async throws {
        let harness = try await ServiceHarness.make(seed: Self.seed, gate: RecordingGate())
        try await get(harness, "/v1/streams/visit/V001?knownAt=3&format=markdown") { response in
            #expect(response.status == .ok)
            let text = String(buffer: response.body)
            #expect(!text.contains("voided by"))
            #expect(!text.contains("EntryVoided"))
        }
    }

    @Test func aStreamWithNoEventsIs422WithTheCommandLinesMessageAndNotRecorded() async throws {
        let gate = RecordingGate()
        let harness = try await ServiceHarness.make(seed: Self.seed, gate: gate)
        try await get(harness, "/v1/streams/visit/V999") { response in
            #expect(response.status == .unprocessableContent)
            let problem = try JSONDecoder().decode(ProblemBody.self, from: Data(buffer: response.body))
            #expect(problem.detail == "visit/V999 has no events as known at head")
        }
        #expect(gate.recorded.isEmpty)
    }

    @Test func aPersonsTimelineHasOneSectionPerStreamAboutThem() async throws {
        let harness = try await ServiceHarness.make(seed: Self.seed, gate: RecordingGate())
        try await get(harness, "/v1/people/P001/timeline?asAt=2020-01-31") { response in
            #expect(response.status == .ok)
            let document = try Self.json(response)
            let sections = try #require(document["sections"] as? [[String: Any]])
            #expect(sections.compactMap { $0["heading"] as? String } == ["person/P001", "visit/V001"])
        }
    }

    @Test func aTimelineThroughTheStoresCacheFindsTheSameStreamsAndLeavesThePersonIndexAtTheHead() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("carelog-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let harness = try await ServiceHarness.make(seed: Self.seed, gate: RecordingGate(), storePath: folder.path)
        try await get(harness, "/v1/people/P001/timeline?asAt=2020-01-31") { response in
            #expect(response.status == .ok)
            let sections = try #require(try Self.json(response)["sections"] as? [[String: Any]])
            #expect(sections.compactMap { $0["heading"] as? String } == ["person/P001", "visit/V001"])
        }
        #expect(harness.server.reportCache.unlent?.personStreamIndex.indexedThrough == UInt64(Self.seed.count))
    }

    @Test func aKnownAtPastTheHeadIsRefusedWithTheCommandLinesUsageMessage() async throws {
        let harness = try await ServiceHarness.make(seed: Self.seed, gate: RecordingGate())
        try await get(harness, "/v1/people/P001/timeline?knownAt=99") { response in
            #expect(response.status == .badRequest)
            let problem = try JSONDecoder().decode(ProblemBody.self, from: Data(buffer: response.body))
            #expect(problem.detail.hasPrefix("--known-at 99 is past the head of the log (sequence 4)"))
        }
    }

    @Test func aMalformedParameterIsNamedButNotEchoed() async throws {
        let harness = try await ServiceHarness.make(seed: Self.seed, gate: RecordingGate())
        try await get(harness, "/v1/reports/compliance?asAt=P001-secret") { response in
            #expect(response.status == .badRequest)
            let problem = try JSONDecoder().decode(ProblemBody.self, from: Data(buffer: response.body))
            #expect(problem.detail.contains("asAt"))
            #expect(!problem.detail.contains("secret"))
        }
    }

    @Test func aReportAnswersInTheAskedFormatWithItsSHA256AndCheckpointInHeaders() async throws {
        let gate = RecordingGate()
        let harness = try await ServiceHarness.make(seed: Self.seed, gate: gate)
        try await get(harness, "/v1/reports/reviews-due?asAt=2020-01-31&format=csv") { response in
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "text/csv; charset=utf-8; header=present")
            let digest = SHA256.hash(data: Data(buffer: response.body)).map { String(format: "%02x", $0) }.joined()
            #expect(response.headers[.carelogExtractSHA256] == digest)
            #expect(response.headers[.carelogCheckpoint] == "4")
        }
        #expect(gate.recorded.map(\.action) == [.report(.reviewsDue)])
    }

    @Test func manifestTrueAnswersWithTheManifestOfWhatWasAsked() async throws {
        let harness = try await ServiceHarness.make(seed: Self.seed, gate: RecordingGate())
        try await get(harness, "/v1/reports/compliance?asAt=2020-03-31&from=2020-01-01&manifest=true") { response in
            #expect(response.status == .ok)
            let manifest = try Self.json(response)
            #expect(manifest["extractKind"] as? String == "compliance")
            #expect(manifest["periodStart"] as? String == "2020-01-01")
            #expect(manifest["periodEnd"] as? String == "2020-03-31")
        }
    }

    @Test func fromAfterToIsTheCommandLinesUsageError() async throws {
        let harness = try await ServiceHarness.make(seed: Self.seed, gate: RecordingGate())
        try await get(harness, "/v1/reports/compliance?from=2020-03-01&to=2020-02-01") { response in
            #expect(response.status == .badRequest)
            let problem = try JSONDecoder().decode(ProblemBody.self, from: Data(buffer: response.body))
            #expect(problem.detail == "--from must not be after --to")
        }
    }

    @Test func anUnknownReportIs404() async throws {
        let harness = try await ServiceHarness.make(seed: Self.seed, gate: RecordingGate())
        try await get(harness, "/v1/reports/everyone") { #expect($0.status == .notFound) }
    }

    @Test func theNotificationExtractIsPseudonymisedWithTheRecipientsKey() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("carelog-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let gate = RecordingGate()
        let harness = try await ServiceHarness.make(seed: Self.seed, gate: gate, storePath: folder.path)
        try await get(harness, "/v1/extracts/notifications?asAt=2020-03-31&format=json") { response in
            #expect(response.status == .ok)
            #expect(!String(buffer: response.body).contains("P001"))
        }
        let key = folder.appendingPathComponent("keys").path
        #expect(try FileManager.default.contentsOfDirectory(atPath: key).contains { $0.contains("care-inspectorate") })
        #expect(gate.recorded.map(\.action) == [.extract(.notifications)])
    }

    @Test func aRefusedReadIs403AndNothingIsAnswered() async throws {
        let stream = try #require(StreamName("person/P001"))
        let gate = RecordingGate(refusing: [.readStream(stream)])
        let harness = try await ServiceHarness.make(seed: Self.seed, gate: gate)
        try await get(harness, "/v1/streams/person/P001") { response in
            #expect(response.status == .forbidden)
            #expect(response.headers[.contentType] == "application/problem+json")
        }
        #expect(gate.recorded.isEmpty)
    }

    @Test func beforeRolesAreGrantedStaffReadNoCareRecord() async throws {
        let harness = try await ServiceHarness.make(seed: Self.seed)
        for uri in [
            "/v1/streams/person/P001", "/v1/people/P001/timeline", "/v1/reports/reviews-due",
            "/v1/extracts/notifications",
        ] {
            try await get(harness, uri) { #expect($0.status == .forbidden, "\(uri)") }
        }
    }
}
