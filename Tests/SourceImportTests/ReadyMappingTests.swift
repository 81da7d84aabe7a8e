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

/// The demo's ECM shape: one block of columns per carer, tasks as a list.
@Suite struct DemoECMMappingTests {
    @Test func doubleHandedVisitWithTasksImportsEachCarersChecks() throws {
        let mapping = try SourceMapping.parse(yaml: example("demo-ecm.mapping.yaml"))
        let header =
            "Visit ID,Client Ref,Scheduled At,Planned Start,Planned Duration,Carers Needed,Time Critical,Team,Tasks,"
            + "Carer 1 ID,Carer 1 In,Carer 1 Out,Carer 1 In Method,Carer 1 Out Method,Carer 1 In Exception,Carer 1 Out Exception,"
            + "Carer 2 ID,Carer 2 In,Carer 2 Out,Carer 2 In Method,Carer 2 Out Method,Carer 2 In Exception,Carer 2 Out Exception\r\n"
        let row =
            "77,101,10/02/2020 06:00,10/02/2020 08:30,45,2,N,,personal-care|medication,"
            + "42,10/02/2020 08:31,10/02/2020 09:15,electronic,manual,,NO-SIGNAL,"
            + "43,10/02/2020 08:35,10/02/2020 09:15,electronic,electronic,,\r\n"
        let store = try seededStore()
        // The demo's person ids have five digits.
        let person = try EventLine.parse(
            Array(
                #"{"stream":"person/P00101","type":"ServiceStarted","occurredAt":"2020-01-06T09:00:00Z","actor":"staff/S0050","data":{"firstServiceOn":"2020-01-06","model":"timeAndTask","plannedHoursPerWeek":7,"team":"barrhead"}}"#
                    .utf8), line: 1)
        _ = try store.append(AppendBatch(events: [person.proposedEvent]))
        let summary = try importCSV(header + row, mapping: mapping, into: store)
        #expect(summary.problems.isEmpty, "\(summary.problems)")
        #expect(summary.appended == 5)
        let facts = try visitFacts(store).filter { $0.hasPrefix("visit/V0000077") }
        #expect(facts.first?.contains("\"tasks\":[\"personal-care\",\"medication\"]") == true)
        #expect(
            facts.contains { $0.contains("\"exceptionCode\":\"NO-SIGNAL\"") && $0.contains("\"staffId\":\"S0042\"") })
        #expect(facts.filter { $0.contains("VisitCheckedIn") }.count == 2)
    }
}
