import EventLog
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import NIOFoundationCompat
import Testing

@testable import CarelogService

/// Health, readiness, checkpoint, verify and the OpenAPI contract.
@Suite struct OperationalRouteTests {
    @Test func aWriteTheReadOnlyStoreRefusesIsA503SayingWhyNotA500() {
        // Under `carelog serve --read-only` the RecordAccessed a read needs cannot be appended.
        let problem = ServiceProblem.from(EventStoreError.readOnly)
        #expect(problem.status == .serviceUnavailable)
        #expect(problem.detail.contains("read-only"))
        #expect(ServiceProblem.from(EventStoreError.storage(detail: "disk")).status == .internalServerError)
    }

    @Test func healthAnswersTheSameBytesAsTheGeneralJSONEncodingWithoutAnEncoder() async throws {
        #expect(Array(JSONBody.statusOK.readableBytesView) == JSONBody.encode(["status": "ok"]))
        let harness = try await ServiceHarness.make()
        try await harness.test { client in
            try await client.execute(uri: "/health", method: .get) { response in
                #expect(response.headers[.contentType] == "application/json")
                #expect(String(buffer: response.body) == #"{"status":"ok"}"#)
            }
            // Twice: the encoded-once body is not used up by the first answer.
            try await client.execute(uri: "/health", method: .get) {
                #expect(String(buffer: $0.body) == #"{"status":"ok"}"#)
            }
        }
    }

    @Test(arguments: [
        ProblemBody(
            type: "about:blank", title: "Forbidden", status: 403, detail: "this API key may not append X events"),
        ProblemBody(
            type: "about:blank", title: "Unprocessable Content", status: 422,
            detail: "line 1: \"quoted\", a/slash, a \\ backslash, a tab\t, a bell \u{07}, é and 🙂"),
        ProblemBody(type: "about:blank", title: "", status: 500, detail: ""),
    ])
    func aProblemIsTheSameBytesAsTheGeneralJSONEncoding(_ body: ProblemBody) {
        #expect(body.jsonBytes == JSONBody.encode(body))
    }

    @Test func healthAndReadinessAnswerWithoutSignIn() async throws {
        let harness = try await ServiceHarness.make()
        try await harness.test { client in
            try await client.execute(uri: "/health", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/ready", method: .get) { #expect($0.status == .ok) }
        }
    }

    @Test func theCheckpointRouteReportsTheStoresHead() async throws {
        let harness = try await ServiceHarness.make(seed: Events.seed)
        let expected = try harness.store.checkpoint()
        let token = try await harness.provider.token()
        try await harness.test { client in
            try await client.execute(uri: "/v1/checkpoint", method: .get, headers: ServiceHarness.bearer(token)) {
                let body = try JSONDecoder().decode(CheckpointBody.self, from: Data(buffer: $0.body))
                #expect(body == CheckpointBody(expected))
            }
        }
    }

    @Test func verifyIsForStaffNotAPIKeys() async throws {
        let harness = try await ServiceHarness.make(seed: Events.seed)
        let token = try await harness.provider.token()
        try await harness.test { client in
            try await client.execute(uri: "/v1/verify", method: .post, headers: ServiceHarness.bearer(token)) {
                #expect($0.status == .ok)
                let body = try JSONDecoder().decode(VerifyBody.self, from: Data(buffer: $0.body))
                #expect(body.valid)
                #expect(body.eventsChecked == UInt64(Events.seed.count))
            }
            try await client.execute(uri: "/v1/verify", method: .post, headers: [.xAPIKey: ServiceHarness.feedKey]) {
                #expect($0.status == .forbidden)
            }
        }
    }

    @Test func theOpenAPIDocumentNamesEveryRouteAndNoOther() async throws {
        let harness = try await ServiceHarness.make()
        try await harness.test { client in
            try await client.execute(uri: "/openapi.json", method: .get) { response in
                #expect(response.status == .ok)
                let document = try #require(
                    try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
                #expect(document["openapi"] as? String == "3.1.0")
                let paths = try #require(document["paths"] as? [String: [String: Any]])
                var documented = Set<String>()
                for (path, operations) in paths {
                    for method in operations.keys { documented.insert(method.uppercased() + " " + path) }
                }
                let routed = Set(ServiceRoute.allCases.map { $0.method.rawValue + " " + $0.path })
                #expect(documented == routed)
            }
        }
    }

    @Test func everyRouteInTheListIsAnsweredByTheRouter() async throws {
        let harness = try await ServiceHarness.make()
        try await harness.test { client in
            for route in ServiceRoute.allCases {
                try await client.execute(uri: route.path, method: route.method) {
                    #expect($0.status != .notFound, "\(route.path)")
                }
            }
        }
    }
}
