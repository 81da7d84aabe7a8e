import CareCalendar
import CareRecord
import EventLog

extension ImprovementRAGTable {
    /// Builds the table with its indicators rated from the compliance figures of the quarter
    /// (and the previous one, for the change column), all read at one log position.
    ///
    /// - Parameter programmeId: the programme; nil picks the only programme in the log.
    /// - Parameter cache: projection checkpoints for the compliance folds (nil: fold the whole log).
    public static func runWithComplianceIndicators(
        programmeId: String?, quarter: Quarter, parameters: ProjectionParameters, store: any EventStore,
        cache: (any FoldStateCache)? = nil
    ) throws(ProjectionError) -> (table: ImprovementRAGTable, context: ProjectionContext) {
        // One cut for the whole table: the programme fold and both quarters' compliance read it.
        let cut = try ProjectionRunner.cut(knownAt: parameters.knownAt, in: store)
        var pinned = parameters
        pinned.knownAt = cut.knownAt
        let (programmes, context) = try ProjectionRunner.run(
            ImprovementProgrammeProjection.self, parameters: pinned, cut: cut, store: store)
        let programme: String
        if let programmeId {
            programme = programmeId
        } else {
            let ids = programmes.programmes.keys.sorted()
            guard ids.count == 1 else { throw .programmeNotChosen(available: ids) }
            programme = ids[0]
        }
        let indicators = try ComplianceIndicators.source(
            quarters: [quarter, quarter.previous], asAt: parameters.asAt, cut: cut, store: store, cache: cache)
        let table = build(
            programmeId: programme, quarter: quarter, programmes: programmes,
            missingData: context.rules.ragMissingData, indicators: indicators)
        guard !table.workstreams.isEmpty else { throw .programmeNotFound(programme) }
        return (table, context)
    }
}
