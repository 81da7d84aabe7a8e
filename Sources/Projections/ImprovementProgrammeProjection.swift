import CareRecord
import EventLog

/// Folds the programme events (`programme/<id>` streams) into ``ImprovementProgrammes``.
///
/// Run it with ``ProjectionRunner/run(_:parameters:store:)`` (or use
/// ``ImprovementRAGTable/run(programmeId:quarter:parameters:store:indicators:)``): the runner fixes
/// the log cut and resolves corrections, so a voided update or definition is never seen.
public struct ImprovementProgrammeProjection: CareProjection {
    /// The events read.
    public static let eventTypes: Set<String> = [
        ProgrammeDefined.eventType, WorkstreamDefined.eventType, ActivityDefined.eventType,
        ActivityUpdateRecorded.eventType,
    ]

    private var state = ImprovementProgrammes()

    /// An empty fold.
    public init(context: ProjectionContext) {}

    /// Folds one event.
    public mutating func apply(_ event: CareEvent, recorded: RecordedEvent) {
        guard recorded.stream.kind == StreamKind.programme.rawValue else { return }
        state.apply(event, programmeId: String(recorded.stream.id), sequence: recorded.sequence)
    }

    /// Every programme known at the cut.
    public func output() -> ImprovementProgrammes { state }
}
