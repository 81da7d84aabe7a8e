import CareCalendar
import CareRecord
import EventLog
import Projections
import Reports

/// An improvement RAG table built by hand (no projection run): a computed lower-is-better rate
/// (the medication row), a computed count, a hand-set RAG and an indicator with no data.
enum RAGTableFixture {
    static let missedMedications = ActivityIndicator(
        measure: .missedMedications, target: 1, direction: .lowerIsBetter, amberTolerance: 0.5)
    static let training = ActivityIndicator(
        measure: .trainingCurrent, target: 90, direction: .higherIsBetter, amberTolerance: 5, team: "barrhead")
    static let errors = ActivityIndicator(
        measure: .medicationErrors, target: 2, direction: .lowerIsBetter, amberTolerance: 1)

    static func row(
        _ title: String, rag: Projections.RAGStatus, source: RAGSource, indicator: ActivityIndicator?, change: RAGChange
    ) -> ImprovementRAGRow {
        ImprovementRAGRow(
            activityId: title.lowercased(), activityTitle: title,
            updates: ["Update for \(title) with a long sentence that has to wrap inside its cell on paper"],
            rag: rag, ragSource: source,
            nextQuarterPlan: ["Plan for \(title)", "Second point of the plan, also long enough to wrap on A4"],
            previousRAG: .red, change: change, updateSequence: nil, indicator: indicator)
    }

    static let table = ImprovementRAGTable(
        programmeId: "care-at-home", programmeTitle: "Care at Home Improvement",
        quarter: Quarter(year: 2020, number: 1)!,
        workstreams: [
            ImprovementRAGWorkstream(
                workstreamId: "ws1", number: 1, title: "Requirements",
                rows: [
                    row(
                        "Medication", rag: .green,
                        source: .indicator(reading: IndicatorReading(numerator: 284, denominator: 42285), value: 0.67),
                        indicator: missedMedications, change: .improved),
                    row(
                        "Errors", rag: .amber,
                        source: .indicator(reading: IndicatorReading(numerator: 3, denominator: 0), value: 3),
                        indicator: errors, change: .improved),
                    row(
                        "Training", rag: .amber, source: .setByHand(rationale: "course cancelled"),
                        indicator: training, change: .improved),
                    row(
                        "Complaints", rag: .noData, source: .missingData, indicator: missedMedications,
                        change: .notComparable),
                    row("Supplementary", rag: .red, source: .noIndicator, indicator: nil, change: .worse),
                ])
        ])

    /// A context read from an empty store (provenance only).
    static func context() throws -> ProjectionContext {
        let store = InMemoryEventStore(
            storeID: "rag-fixture", clock: { Timestamp(millisecondsSinceEpoch: 1_700_000_000_000) })
        return try ProjectionRunner.run(
            ReviewsDue.self, parameters: ProjectionParameters(asAt: CareDate(year: 2020, month: 4, day: 30)!),
            store: store
        ).context
    }

    static func document() throws -> ReportDocument {
        ImprovementRAGReport.document(table, context: try context())
    }
}
