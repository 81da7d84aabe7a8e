import CareRecord

/// The one table mapping incident kinds to Care Inspectorate notification categories.
///
/// A kind with a category is notifiable by default; a kind without one is not, unless the
/// manager marks the incident `notifiable: true` (then it is listed under
/// ``fallbackCategory``). A manager's `notifiable: false` takes the incident off the list.
///
/// | Incident kind | Category | Basis |
/// |---|---|---|
/// | accidentOrInjury | accidentIncidentOrInjury | [S] CI category 1 |
/// | death | death | [S] CI category 3 |
/// | adultProtectionConcern | allegationOfAbuse | [S] CI category 4 (2025 "protection concerns" [S*]) |
/// | infectiousOutbreak | infectiousOutbreak | [S] CI category 2 |
/// | misconductAllegation | misconductAllegation | [S] CI category 6 |
/// | equipmentBreakdown | equipmentBreakdown | [S] CI category 5 |
/// | controlledDrugAdverseEvent | controlledDrugAdverseEvent | [S] CD guidance |
/// | restrictivePractice | restrictivePractice | [S*] 2025 guidance |
/// | missingPerson | accidentIncidentOrInjury | [I] treated as an incident |
/// | fallWithoutInjury, policeInvolvement, missedCare, other | — (manager decides) | [I]; rules.md §1.2 open question |
public enum NotifiableIncidentKinds {
    /// The category an incident kind is notified under by default, or nil when not notifiable by kind.
    public static func category(for kind: IncidentKind) -> NotificationCategory? {
        switch kind {
        case .accidentOrInjury: return .accidentIncidentOrInjury
        case .death: return .death
        case .adultProtectionConcern: return .allegationOfAbuse
        case .infectiousOutbreak: return .infectiousOutbreak
        case .misconductAllegation: return .misconductAllegation
        case .equipmentBreakdown: return .equipmentBreakdown
        case .controlledDrugAdverseEvent: return .controlledDrugAdverseEvent
        case .restrictivePractice: return .restrictivePractice
        case .missingPerson: return .accidentIncidentOrInjury
        case .fallWithoutInjury, .policeInvolvement, .missedCare, .other: return nil
        }
    }

    /// The category for a kind the manager marked notifiable although the table does not.
    public static let fallbackCategory: NotificationCategory = .accidentIncidentOrInjury

    /// Whether an incident must be notified: the manager's decision, else the table.
    public static func isNotifiable(_ incident: IncidentRecorded) -> Bool {
        incident.notifiable ?? (category(for: incident.kind) != nil)
    }

    /// The category an incident is listed under when it has no notification yet.
    public static func expectedCategory(for incident: IncidentRecorded) -> NotificationCategory {
        category(for: incident.kind) ?? fallbackCategory
    }
}
