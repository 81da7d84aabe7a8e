import CareRecord
import EventLog
import Foundation
import SourceImport
import Testing

/// The other ready mappings of Docs/examples import their example files.
@Suite struct ReadyMappingTests {
    func mapping(_ name: String) throws -> SourceMapping {
        try SourceMapping.parse(yaml: example(name + ".mapping.yaml"))
    }

    @Test func trainingMatrixImportsEachDatedCourseAndTheLastSupervision() throws {
        let store = try seededStore()
        let summary = try importCSV(
            try example("training-matrix.csv"), mapping: try mapping("training-matrix"), into: store)
        #expect(summary.problems.isEmpty, "\(summary.problems)")
        // S0042: four dated courses; S0043: induction only; both a supervision.
        #expect(summary.counts["TrainingCompleted"].map { $0.new + $0.alreadyRecorded } == 5)
        #expect(summary.counts["SupervisionHeld"]?.new == 2)
        let events = try store.events().filter { $0.correlationID?.hasPrefix("training-matrix:") == true }
        let payloads = events.map { String(decoding: $0.payload, as: UTF8.self) }
        #expect(
            payloads.contains { $0.contains("\"course\":\"firstAid\"") && $0.contains("\"expiresOn\":\"2023-06-18\"") })
        #expect(payloads.contains { $0.contains("\"kind\":\"office\"") && $0.contains("\"supervisorId\":\"S0044\"") })
        // The name column is never read.
        #expect(!payloads.contains { $0.contains("name") })
    }

    @Test func caseSystemServicesStartEachPersonsService() throws {
        let store = try seededStore()
        let summary = try importCSV(
            try example("case-services.csv"), mapping: try mapping("case-services"), into: store)
        #expect(summary.problems.isEmpty, "\(summary.problems)")
        #expect(summary.counts["ServiceStarted"]?.new == 3)
        let started = try store.events().filter { $0.type == "ServiceStarted" && $0.correlationID != nil }
        #expect(started.map(\.stream.rawValue) == ["person/P000201", "person/P000202", "person/P000203"])
        let third = String(decoding: try #require(started.last).payload, as: UTF8.self)
        #expect(third.contains("\"firstServiceOn\":\"2020-03-16\"") && third.contains("\"model\":\"personalBudget\""))
        let first = String(decoding: try #require(started.first).payload, as: UTF8.self)
        #expect(first.contains("\"plannedHoursPerWeek\":7.5"))
    }
}
