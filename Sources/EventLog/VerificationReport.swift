/// What ``EventStore/verify(against:)`` found.
public struct VerificationReport: Hashable, Sendable, Codable {
    /// One disagreement between what is stored and what the invariants require.
    public struct Problem: Hashable, Sendable, Codable, CustomStringConvertible {
        /// The family of invariant broken.
        public enum Kind: String, Hashable, Sendable, Codable {
            /// An event's hash does not follow from its bytes and the previous hash.
            case chain
            /// Sequence numbers are not 1, 2, 3, … or an event's stored sequence disagrees with its key.
            case sequence
            /// Stream versions are not 1, 2, 3, … or the stream index disagrees with the events.
            case streamIndex
            /// The type index disagrees with the events.
            case typeIndex
            /// The idempotency records disagree with the events.
            case idempotency
            /// A checkpoint does not match the log.
            case checkpoint
            /// A stored value cannot be decoded.
            case encoding
            /// `recordedAt` went backwards.
            case recordedAt
        }

        /// Which invariant.
        public var kind: Kind
        /// The first sequence number concerned, when one can be named.
        public var sequence: UInt64?
        /// A one-line explanation (never contains payload content).
        public var message: String

        /// Creates a problem.
        public init(kind: Kind, sequence: UInt64?, message: String) {
            self.kind = kind
            self.sequence = sequence
            self.message = message
        }

        /// The kind, the sequence when known, and the message.
        public var description: String {
            if let sequence { return "\(kind.rawValue) at sequence \(sequence): \(message)" }
            return "\(kind.rawValue): \(message)"
        }
    }

    /// How many events were read.
    public var eventsChecked: UInt64
    /// The checkpoint of the log as verified.
    public var head: Checkpoint
    /// Everything found, in the order found; empty when the log is sound.
    public var problems: [Problem]

    /// Creates a report.
    public init(eventsChecked: UInt64, head: Checkpoint, problems: [Problem]) {
        self.eventsChecked = eventsChecked
        self.head = head
        self.problems = problems
    }

    /// True when no problem was found.
    public var isValid: Bool { problems.isEmpty }

    /// The lowest sequence number named by any problem.
    public var firstBadSequence: UInt64? { problems.compactMap(\.sequence).min() }
}
