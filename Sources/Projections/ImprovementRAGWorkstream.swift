/// One workstream's block of the RAG table, as in the seed ("Workstream 1 Requirements Phase 2").
public struct ImprovementRAGWorkstream: Hashable, Sendable {
    /// The workstream's id.
    public var workstreamId: String
    /// Its number in the programme.
    public var number: Int
    /// Its title.
    public var title: String
    /// Its activities in definition order.
    public var rows: [ImprovementRAGRow]

    /// Creates a block.
    public init(workstreamId: String, number: Int, title: String, rows: [ImprovementRAGRow]) {
        self.workstreamId = workstreamId
        self.number = number
        self.title = title
        self.rows = rows
    }
}
