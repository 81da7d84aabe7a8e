import CareRecord

/// One activity's line in the RAG table.
public struct ImprovementRAGRow: Hashable, Sendable {
    /// The activity's id.
    public var activityId: String
    /// The activity's title, e.g. `Care Planning`.
    public var activityTitle: String
    /// The latest-update bullets for the quarter (empty when no update was recorded).
    public var updates: [String]
    /// The status for the quarter.
    public var rag: RAGStatus
    /// Where the status came from (hand-set with rationale, computed, or missing data).
    public var ragSource: RAGSource
    /// The plan bullets for the next quarter.
    public var nextQuarterPlan: [String]
    /// Last quarter's status; nil when the activity had no rating then.
    public var previousRAG: RAGStatus?
    /// The movement since last quarter.
    public var change: RAGChange
    /// The log sequence of the update shown, if any (for the audit trail).
    public var updateSequence: UInt64?
    /// The activity's indicator (measure, direction, target, amber tolerance) as defined at the
    /// log cut; nil when the activity has none. Reports show it beside a computed RAG.
    public var indicator: ActivityIndicator?

    /// Creates a row.
    public init(
        activityId: String, activityTitle: String, updates: [String], rag: RAGStatus, ragSource: RAGSource,
        nextQuarterPlan: [String], previousRAG: RAGStatus?, change: RAGChange, updateSequence: UInt64?,
        indicator: ActivityIndicator? = nil
    ) {
        self.activityId = activityId
        self.activityTitle = activityTitle
        self.updates = updates
        self.rag = rag
        self.ragSource = ragSource
        self.nextQuarterPlan = nextQuarterPlan
        self.previousRAG = previousRAG
        self.change = change
        self.updateSequence = updateSequence
        self.indicator = indicator
    }
}
