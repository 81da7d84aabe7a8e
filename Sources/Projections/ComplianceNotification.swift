import CareRecord
import EventLog

/// One Care Inspectorate notification submitted in the window, with what its deadline depends on.
struct ComplianceNotification: Hashable, Sendable, Codable {
    var team: String
    var category: NotificationCategory
    var submittedAt: Timestamp
    var becameAwareAt: Timestamp

    /// The deadline: became aware + the category's hours.
    func deadline(rules: RulesAdopted) -> Timestamp {
        becameAwareAt.adding(milliseconds: Int64(rules.notificationDeadline(for: category).hours) * 3_600_000)
    }

    /// Submitted at or before the deadline.
    func isOnTime(rules: RulesAdopted) -> Bool { submittedAt <= deadline(rules: rules) }
}
