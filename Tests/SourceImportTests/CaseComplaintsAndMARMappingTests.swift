import CareRecord
import EventLog
import Foundation
import SourceImport
import Testing

/// The ready mappings for case-system plans and reviews, the complaints log and a MAR export
/// import their example files (Docs/examples), with the events checked.
@Suite struct CaseComplaintsAndMARMappingTests {
    func mapping(_ name: String) throws -> SourceMapping {
        try SourceMapping.parse(yaml: example(name + ".mapping.yaml"))
    }

    /// The payloads of the events imported from `source`, by stream then type, in log order.
    func payloads(_ store: InMemoryEventStore, source: String) throws -> [String] {
        try store.events().filter { $0.correlationID?.hasPrefix(source + ":") == true }.map {
            "\($0.stream) \($0.type) \(String(decoding: $0.payload, as: UTF8.self))"
        }
    }

    /// The sample plus the people of `case-services.csv` (P000201–P000203).
    func storeWithCasePeople() throws -> InMemoryEventStore {
        let store = try seededStore()
        let people = try importCSV(try example("case-services.csv"), mapping: try mapping("case-services"), into: store)
        try #require(people.problems.isEmpty, "\(people.problems)")
        return store
    }

    @Test func casePlansPrepareEachPersonsPlanWithTranslatedLists() throws {
        let store = try storeWithCasePeople()
        let summary = try importCSV(try example("case-plans.csv"), mapping: try mapping("case-plans"), into: store)
        #expect(summary.problems.isEmpty, "\(summary.problems)")
        #expect(summary.counts["PersonalPlanPrepared"]?.new == 3)
        let plans = try payloads(store, source: "case-plans")
        #expect(plans.count == 3)
        #expect(plans[0].hasPrefix("person/P000201 PersonalPlanPrepared"))
        #expect(plans[0].contains(#""consulted":["person","family"]"#))
        #expect(plans[0].contains(#""outcomes":["Stay at home","Keep going to the lunch club"]"#))
        #expect(plans[0].contains(#""preparedOn":"2020-03-23""#) && plans[0].contains(#""preparedBy":"S0044""#))
        #expect(plans[1].hasPrefix("person/P000202") && plans[1].contains(#""medicationSupport":"none""#))
        // 43935 is the Excel serial of 14 April 2020.
        #expect(
            plans[2].contains(#""preparedOn":"2020-04-14""#) && plans[2].contains(#""riskAssessmentCompleted":true"#))
        // Again: nothing new.
        let again = try importCSV(try example("case-plans.csv"), mapping: try mapping("case-plans"), into: store)
        #expect(again.counts["PersonalPlanPrepared"]?.alreadyRecorded == 3 && again.appended == 0)
    }

    @Test func caseReviewsRecordEachReviewWithItsTriggerWhenGiven() throws {
        let store = try storeWithCasePeople()
        _ = try importCSV(try example("case-plans.csv"), mapping: try mapping("case-plans"), into: store)
        let summary = try importCSV(try example("case-reviews.csv"), mapping: try mapping("case-reviews"), into: store)
        #expect(summary.problems.isEmpty, "\(summary.problems)")
        let reviews = try payloads(store, source: "case-reviews")
        #expect(reviews.count == 3)
        #expect(
            reviews[0].contains(#""participants":["person","family","reviewingOfficer"]"#)
                && reviews[0].contains(#""trigger":"sixMonthly""#))
        #expect(reviews[1].contains(#""outcome":"revisePlan""#) && !reviews[1].contains("trigger"))
        #expect(reviews[2].contains(#""heldOn":"2020-09-30""#))  // Excel serial 44104
    }

    @Test func anUnknownItemInAListIsAProblemNamingTheColumn() throws {
        let store = try storeWithCasePeople()
        let csv = try example("case-plans.csv").replacingOccurrences(of: "Client|Family", with: "Client|Neighbour")
        let summary = try importCSV(csv, mapping: try mapping("case-plans"), into: store)
        #expect(summary.problems.count == 1)
        #expect(summary.problems.first?.column == "Consulted" && summary.problems.first?.row == 2)
        #expect(summary.problems.first?.message.contains("Neighbour") == false)
    }

    @Test func complaintsLogRecordsReceiptAcknowledgementAndStage1Response() throws {
        let store = try seededStore()
        let summary = try importCSV(
            try example("complaints-log.csv"), mapping: try mapping("complaints-log"), into: store)
        #expect(summary.problems.isEmpty, "\(summary.problems)")
        #expect(summary.counts["ComplaintReceived"]?.new == 3)
        #expect(summary.counts["ComplaintAcknowledged"]?.new == 2)
        #expect(summary.counts["ComplaintStage1Responded"]?.new == 1)
        let events = try payloads(store, source: "complaints-log")
        let first = try #require(events.first)
        #expect(first.hasPrefix("complaint/CL-101 ComplaintReceived"))
        #expect(first.contains(#""points":[{"pointId":"1"}]"#) && first.contains(#""personId":"P000101""#))
        #expect(first.contains(#""category":"lateOrMissedVisit""#) && first.contains(#""startsAt":"stage1""#))
        let response = try #require(events.first { $0.contains("ComplaintStage1Responded") })
        #expect(response.contains(#""outcome":"partiallyUpheld""#) && response.contains(#""outcomes":[{"#))
        #expect(response.contains(#""pointId":"1""#))
        let third = try #require(events.first { $0.hasPrefix("complaint/CL-103 ComplaintReceived") })
        #expect(third.contains(#""startsAt":"stage2""#) && !third.contains("personId"))
        #expect(third.contains(#""receivedOn":"2020-03-02""#))
    }

    @Test func marExportRecordsEachOccasionWithChartCodesTranslated() throws {
        let store = try seededStore()
        let summary = try importCSV(try example("mar-export.csv"), mapping: try mapping("mar-export"), into: store)
        #expect(summary.problems.isEmpty, "\(summary.problems)")
        #expect(summary.counts["MedicationRecorded"]?.new == 4)
        let entries = try payloads(store, source: "mar-export")
        #expect(entries.allSatisfy { $0.hasPrefix("medication/P000101 MedicationRecorded") })
        #expect(
            entries[0].contains(#""outcome":"promptedTaken""#)
                && entries[0].contains(#""actualAt":"2020-02-10T08:12:00.000Z""#))
        #expect(entries[1].contains(#""outcome":"refused""#) && !entries[1].contains("actualAt"))
        #expect(entries[2].contains(#""controlledDrug":true"#) && entries[2].contains(#""witnessedBy":"S0042""#))
        #expect(entries[3].contains(#""outcome":"notGiven""#) && entries[3].contains(#""reasonCode":"NO-STOCK""#))
        #expect(entries[3].contains(#""scheduledFor":"2020-02-10T09:00:00.000Z""#))
    }

    @Test func aNotGivenEntryWithoutAReasonIsAProblemOfItsRow() throws {
        let store = try seededStore()
        let csv = try example("mar-export.csv").replacingOccurrences(of: "NT,NO-STOCK", with: "NT,")
        let summary = try importCSV(csv, mapping: try mapping("mar-export"), into: store)
        #expect(summary.problems.count == 1)
        #expect(summary.problems.first?.row == 5)
        #expect(summary.appended == 0)
    }
}
