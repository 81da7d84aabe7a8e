import CareRecord
import EventLog

/// Incidents and Care Inspectorate notifications as folded from the log: the state behind
/// ``NotificationExtract``. Grows with the number of incidents and notifications.
public struct NotificationLedger: Hashable, Sendable {
    /// An incident with its log position.
    public struct Incident: Hashable, Sendable {
        /// The incident as recorded (or corrected).
        public var payload: IncidentRecorded
        /// The log sequence of the entry.
        public var sequence: UInt64
    }

    /// A notification with its follow-ups.
    public struct Notification: Hashable, Sendable {
        /// The submission as recorded (or corrected).
        public var submission: NotificationSubmitted
        /// The log sequence of the submission.
        public var sequence: UInt64
        /// Follow-ups in log order.
        public var followUps: [FollowUp]
    }

    /// A follow-up, without its free-text summary.
    public struct FollowUp: Hashable, Sendable {
        /// The log sequence of the follow-up.
        public var sequence: UInt64
        /// When it was sent.
        public var at: Timestamp
        /// Update, correction, outcome or closed.
        public var kind: NotificationFollowUpKind
        /// The corrected category, for a correction.
        public var correctedCategory: NotificationCategory?
        /// The corrected became-aware instant, for a correction.
        public var correctedBecameAwareAt: Timestamp?
    }

    /// Incidents by incident id.
    public var incidents: [String: Incident] = [:]
    /// Notifications by notification id.
    public var notifications: [String: Notification] = [:]

    /// Nothing yet.
    public init() {}

    /// Folds one event of stream `kind/id`.
    public mutating func apply(_ event: CareEvent, streamId: String, sequence: UInt64) {
        switch event {
        case .incidentRecorded(let incident):
            incidents[streamId] = Incident(payload: incident, sequence: sequence)
        case .notificationSubmitted(let submission):
            let followUps = notifications[streamId]?.followUps ?? []
            notifications[streamId] = Notification(submission: submission, sequence: sequence, followUps: followUps)
        case .notificationFollowedUp(let followUp):
            guard notifications[streamId] != nil else { return }
            notifications[streamId]?.followUps.append(
                FollowUp(
                    sequence: sequence, at: followUp.followedUpAt, kind: followUp.kind,
                    correctedCategory: followUp.correctedCategory,
                    correctedBecameAwareAt: followUp.correctedBecameAwareAt))
        default:
            break
        }
    }
}
