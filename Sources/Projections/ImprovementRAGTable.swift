import CareCalendar
import CareRecord
import EventLog

/// The improvement-programme RAG table for one programme and quarter: workstream, activity,
/// latest update, RAG, next quarter's plan and the change from the previous quarter, in the
/// programme's order (workstream number, then activity order, then definition order) — the
/// table of the East Renfrewshire IJB paper of 29 January 2020.
///
/// RAG: a status set by hand in the quarter's update wins (its rationale is kept); otherwise it
/// is computed from the activity's indicator by ``IndicatorRAG``; missing data gives the rules'
/// missing-data status (`noData` by default), never green.
public struct ImprovementRAGTable: Hashable, Sendable {
    /// The programme's id.
    public var programmeId: String
    /// The programme's title (nil when the programme is not defined at the log cut).
    public var programmeTitle: String?
    /// The quarter reported.
    public var quarter: Quarter
    /// Workstream blocks in number order; a workstream with no activities is still listed.
    public var workstreams: [ImprovementRAGWorkstream]

    /// Creates a table.
    public init(programmeId: String, programmeTitle: String?, quarter: Quarter, workstreams: [ImprovementRAGWorkstream])
    {
        self.programmeId = programmeId
        self.programmeTitle = programmeTitle
        self.quarter = quarter
        self.workstreams = workstreams
    }

    /// Every row, in table order.
    public var rows: [ImprovementRAGRow] { workstreams.flatMap(\.rows) }

    /// Builds the table from folded programmes (pure).
    ///
    /// - Parameters:
    ///   - missingData: the rules' `ragMissingData` in force on the reporting date.
    ///   - indicators: the indicator figures; must read the same log cut for an exact replay.
    public static func build(
        programmeId: String, quarter: Quarter, programmes: ImprovementProgrammes, missingData: MissingDataRAG,
        indicators: IndicatorSource
    ) -> ImprovementRAGTable {
        guard let programme = programmes.programmes[programmeId] else {
            return ImprovementRAGTable(programmeId: programmeId, programmeTitle: nil, quarter: quarter, workstreams: [])
        }
        let orderedWorkstreams = programme.workstreams.sorted {
            ($0.value.number, $0.value.firstSequence, $0.key) < ($1.value.number, $1.value.firstSequence, $1.key)
        }
        let orderedActivities = programme.activities.sorted {
            ($0.value.order, $0.value.firstSequence, $0.key) < ($1.value.order, $1.value.firstSequence, $1.key)
        }
        let workstreams = orderedWorkstreams.map { workstreamId, workstream in
            let rows = orderedActivities.filter { $0.value.workstreamId == workstreamId }.map { activityId, activity in
                row(
                    activityId: activityId, activity: activity, programme: programme, quarter: quarter,
                    missingData: missingData, indicators: indicators)
            }
            return ImprovementRAGWorkstream(
                workstreamId: workstreamId, number: workstream.number, title: workstream.title, rows: rows)
        }
        return ImprovementRAGTable(
            programmeId: programmeId, programmeTitle: programme.title, quarter: quarter, workstreams: workstreams)
    }

    /// Runs the programme fold at the parameters' log cut and builds the table; the rules in
    /// force on `parameters.asAt` give the missing-data status.
    public static func run(
        programmeId: String, quarter: Quarter, parameters: ProjectionParameters, store: any EventStore,
        indicators: IndicatorSource
    ) throws(ProjectionError) -> (table: ImprovementRAGTable, context: ProjectionContext) {
        let cut = try ProjectionRunner.cut(knownAt: parameters.knownAt, in: store)
        let (programmes, context) = try ProjectionRunner.run(
            ImprovementProgrammeProjection.self, parameters: parameters, cut: cut, store: store)
        let table = build(
            programmeId: programmeId, quarter: quarter, programmes: programmes,
            missingData: context.rules.ragMissingData,
            indicators: indicators)
        return (table, context)
    }

    /// The status for one activity in one quarter, and where it came from; `rated` is false
    /// when there was nothing to rate (no update and no indicator figure); `fromData` is true
    /// only for a rating of data (set by hand, or computed from an indicator figure), never for
    /// the missing-data fallback (which may be red): only ratings of data are compared for the
    /// change column (`Docs/projections.md`, RAG rule 5).
    static func status(
        activity: ImprovementProgrammes.Activity, update: ImprovementProgrammes.Update?, quarter: Quarter,
        missingData: MissingDataRAG, indicators: IndicatorSource
    ) -> (rag: RAGStatus, source: RAGSource, rated: Bool, fromData: Bool) {
        if let update, let handSet = update.payload.rag {
            return (RAGStatus(handSet), .setByHand(rationale: update.payload.ragRationale ?? ""), true, true)
        }
        guard let indicator = activity.indicator else { return (.noData, .noIndicator, update != nil, false) }
        let reading = indicators(indicator, quarter)
        let rag = IndicatorRAG.status(of: indicator, reading: reading, missingData: missingData)
        if let reading, let value = reading.value(for: indicator.measure) {
            return (rag, .indicator(reading: reading, value: value), true, true)
        }
        return (rag, .missingData, update != nil, false)
    }

    private static func row(
        activityId: String, activity: ImprovementProgrammes.Activity, programme: ImprovementProgrammes.Programme,
        quarter: Quarter, missingData: MissingDataRAG, indicators: IndicatorSource
    ) -> ImprovementRAGRow {
        let updates = programme.updates[activityId] ?? [:]
        let update = updates[quarter]
        let current = status(
            activity: activity, update: update, quarter: quarter, missingData: missingData, indicators: indicators)
        let previousQuarter = quarter.previous
        let before = status(
            activity: activity, update: updates[previousQuarter], quarter: previousQuarter,
            missingData: missingData, indicators: indicators)
        let previousRAG: RAGStatus? = before.rated ? before.rag : nil
        return ImprovementRAGRow(
            activityId: activityId, activityTitle: activity.title, updates: update?.payload.updates ?? [],
            rag: current.rag, ragSource: current.source, nextQuarterPlan: update?.payload.nextQuarterPlan ?? [],
            previousRAG: previousRAG,
            change: RAGChange.between(
                previous: before.fromData ? before.rag : nil, current: current.fromData ? current.rag : .noData),
            updateSequence: update?.sequence, indicator: activity.indicator)
    }
}

extension RAGStatus {
    /// The projection status for a RAG set by hand in the catalogue.
    public init(_ handSet: CareRecord.RAGStatus) {
        switch handSet {
        case .red: self = .red
        case .amber: self = .amber
        case .green: self = .green
        }
    }
}
