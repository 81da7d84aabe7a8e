import CareRecord
import EventLog

/// One submitted notification as the inspector sees it: categories, instants, references —
/// no names and no free text.
public struct NotificationExtractEntry: Hashable, Sendable {
    /// One follow-up: when, what kind, and its log sequence (its summary is left out).
    public struct FollowUp: Hashable, Sendable {
        /// The follow-up's log sequence.
        public var sequence: UInt64
        /// When it was sent.
        public var at: Timestamp
        /// Update, correction, outcome or closed.
        public var kind: NotificationFollowUpKind
    }

    /// The log sequence of the submission (checkable against the manifest's checkpoint).
    public var sequence: UInt64
    /// The category (after any correction follow-up).
    public var category: NotificationCategory
    /// The category as first submitted, when a follow-up corrected it.
    public var submittedCategory: NotificationCategory?
    /// The person (or, failing that, the incident) concerned, pseudonymous by default.
    public var subject: String?
    /// The incident reference, when the notification names one.
    public var incident: String?
    /// When the matter happened (the notification's, else the incident's).
    public var eventOccurredAt: Timestamp?
    /// When the service became aware (after any correction follow-up).
    public var becameAwareAt: Timestamp
    /// When it was submitted.
    public var submittedAt: Timestamp
    /// `becameAwareAt` + the category's deadline hours.
    public var deadline: Timestamp
    /// The deadline hours applied.
    public var deadlineHours: Int
    /// Whether the deadline is confirmed against Care Inspectorate guidance (false = flag it).
    public var deadlineConfirmed: Bool
    /// On time, or late and by how long.
    public var timeliness: NotificationTimeliness
    /// The eForms reference.
    public var eFormsReference: String
    /// Follow-ups in log order.
    public var followUps: [FollowUp]
    /// The sequence of an `EntryCorrected`/`EntryVoided` that changed the submission entry, if any.
    public var correctedBy: UInt64?
    /// Every log sequence the row draws on: the submission first, then its follow-ups, the
    /// correction of its entry and the linked incident (and its correction), ascending — what an
    /// extract bundle proves.
    public var sources: [UInt64] = []
}
