import CareRecord

/// Care Inspectorate notifications of one category submitted by their deadline.
public struct NotificationCategoryCompliance: Hashable, Sendable, Codable {
    /// The category.
    public var category: NotificationCategory
    /// Submitted on time ÷ submitted in the period.
    public var onTime: ComplianceRatio
    /// The deadline in hours used for the category.
    public var deadlineHours: Int
    /// Whether that deadline is confirmed against Care Inspectorate guidance.
    public var deadlineConfirmed: Bool

    /// Creates a figure.
    public init(category: NotificationCategory, onTime: ComplianceRatio, deadlineHours: Int, deadlineConfirmed: Bool) {
        self.category = category
        self.onTime = onTime
        self.deadlineHours = deadlineHours
        self.deadlineConfirmed = deadlineConfirmed
    }
}
