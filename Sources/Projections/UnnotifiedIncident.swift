import CareRecord
import EventLog

/// A notifiable incident with no notification in the log at the cut.
public struct UnnotifiedIncident: Hashable, Sendable {
    /// The incident's log sequence.
    public var sequence: UInt64
    /// The incident reference, pseudonymous by default.
    public var incident: String
    /// The person concerned, pseudonymous by default.
    public var subject: String?
    /// The incident kind (a category label, not free text).
    public var kind: IncidentKind
    /// The category it should be notified under (``NotifiableIncidentKinds``).
    public var expectedCategory: NotificationCategory
    /// When it happened.
    public var occurredAt: Timestamp
    /// When the service became aware.
    public var becameAwareAt: Timestamp
    /// The notification deadline.
    public var deadline: Timestamp
    /// Whether the deadline is confirmed against Care Inspectorate guidance.
    public var deadlineConfirmed: Bool
    /// Whether the deadline had passed by the end of the reporting date (UK time).
    public var overdueAsAt: Bool
    /// The service became aware before the period: still outstanding, carried forward.
    public var carriedForward: Bool
    /// Every log sequence the row draws on: the incident, then the correction of its entry, if
    /// any (what an extract bundle proves).
    public var sources: [UInt64] = []
}
