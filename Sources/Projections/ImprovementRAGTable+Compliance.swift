import CareCalendar
import CareRecord
import EventLog

extension ImprovementRAGTable {
    /// Builds the table with its indicators rated from the compliance figures of the quarter
    /// (and the previous one, for the change column), all read at one log position.
    ///
    /// - Parameter programmeId: the programme; nil picks the only programme in the log.
    public static func runWithComplianceIndicators(
        programmeId: String?, quarter: Quarter, parameters: ProjectionParameters, store: any EventStore
    ) throws(ProjectionError) -> (table: ImprovementRAGTable, context: ProjectionContext) {
        let (context, _) = try ProjectionRunner.context(for: parameters, in: store)
        var pinned = parameters
        pinned.knownAt = .sequence(context.checkpoint.sequence)
        let programme: String
        if let programmeId {
            programme = programmeId
        } else {
            let ids = try ProjectionRunner.run(ImprovementProgrammeProjection.self, parameters: pinned, store: store)
                .output.programmes.keys.sorted()
            guard ids.count == 1 else { throw .programmeNotChosen(available: ids) }
            programme = ids[0]
        }
        let indicators = try ComplianceIndicators.source(
            quarters: [quarter, quarter.previous], asAt: parameters.asAt, checkpoint: context.checkpoint.sequence,
            store: store)
        let result = try run(
            programmeId: programme, quarter: quarter, parameters: pinned, store: store, indicators: indicators)
        guard !result.table.workstreams.isEmpty else { throw .programmeNotFound(programme) }
        return result
    }
}
