import CareCalendar
import CareRecord

/// Every improvement programme in the log: definitions and the latest update per activity
/// per quarter. The fold state behind ``ImprovementRAGTable``.
///
/// Memory grows with programmes × activities × quarters reported, not with events: a later
/// update for the same activity and quarter replaces the earlier one.
public struct ImprovementProgrammes: Hashable, Sendable {
    /// One programme's definitions and updates.
    public struct Programme: Hashable, Sendable {
        /// The programme's title, once `ProgrammeDefined` has been read.
        public var title: String?
        /// Workstreams by id.
        public var workstreams: [String: Workstream] = [:]
        /// Activities by id.
        public var activities: [String: Activity] = [:]
        /// The latest update per activity id and quarter.
        public var updates: [String: [Quarter: Update]] = [:]
    }

    /// A workstream as defined (the latest definition wins).
    public struct Workstream: Hashable, Sendable {
        /// Its number (orders the table).
        public var number: Int
        /// Its title.
        public var title: String
        /// The log sequence of its first definition (breaks ties between equal numbers).
        public var firstSequence: UInt64
    }

    /// An activity as defined (the latest definition wins).
    public struct Activity: Hashable, Sendable {
        /// The workstream it belongs to.
        public var workstreamId: String
        /// Its title.
        public var title: String
        /// Its order within the workstream.
        public var order: Int
        /// How to compute its RAG when not set by hand.
        public var indicator: ActivityIndicator?
        /// The log sequence of its first definition (breaks ties between equal orders).
        public var firstSequence: UInt64
    }

    /// The update that stands for an activity in a quarter.
    public struct Update: Hashable, Sendable {
        /// The update as recorded (or as corrected).
        public var payload: ActivityUpdateRecorded
        /// The log sequence of the entry.
        public var sequence: UInt64
    }

    /// Programmes by id (the id part of the `programme/<id>` stream).
    public var programmes: [String: Programme] = [:]

    /// No programmes.
    public init() {}

    /// Folds one programme event from stream `programme/<programmeId>`.
    public mutating func apply(_ event: CareEvent, programmeId: String, sequence: UInt64) {
        switch event {
        case .programmeDefined(let defined):
            programmes[programmeId, default: Programme()].title = defined.title
        case .workstreamDefined(let defined):
            let first = programmes[programmeId]?.workstreams[defined.workstreamId]?.firstSequence ?? sequence
            programmes[programmeId, default: Programme()].workstreams[defined.workstreamId] =
                Workstream(number: defined.number, title: defined.title, firstSequence: first)
        case .activityDefined(let defined):
            let first = programmes[programmeId]?.activities[defined.activityId]?.firstSequence ?? sequence
            programmes[programmeId, default: Programme()].activities[defined.activityId] = Activity(
                workstreamId: defined.workstreamId, title: defined.title, order: defined.order,
                indicator: defined.indicator, firstSequence: first)
        case .activityUpdateRecorded(let update):
            programmes[programmeId, default: Programme()].updates[update.activityId, default: [:]][update.quarter] =
                Update(payload: update, sequence: sequence)
        default:
            break
        }
    }
}
