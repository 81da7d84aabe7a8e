/// A commitment to the log up to one sequence number: hand it to an auditor, and a later
/// ``EventStore/verify(against:)`` proves nothing at or before it has changed.
public struct Checkpoint: Hashable, Sendable, Codable {
    /// The store it was taken from (a random id fixed when the store was created).
    public var storeID: String
    /// The last sequence number covered (0 for an empty log).
    public var sequence: UInt64
    /// The chain hash of that event (``EventHash/genesis`` for an empty log).
    public var headHash: EventHash
    /// When that event was recorded, if any.
    public var recordedAt: Timestamp?

    /// Creates a checkpoint.
    public init(storeID: String, sequence: UInt64, headHash: EventHash, recordedAt: Timestamp?) {
        self.storeID = storeID
        self.sequence = sequence
        self.headHash = headHash
        self.recordedAt = recordedAt
    }
}
