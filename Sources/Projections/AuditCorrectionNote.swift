import CareRecord

/// A correction shown beside the entry it changed.
public struct AuditCorrectionNote: Hashable, Sendable {
    /// What the correction did to the entry.
    public enum Action: String, Hashable, Sendable {
        /// `EntryVoided`: the entry no longer counts.
        case voided
        /// `EntryCorrected`: the entry is read as the replacement.
        case replaced
        /// A correction of the entry was itself voided: what stood before it is back.
        case restored
    }

    /// The log sequence of the correction (or of the void that withdrew it, for `restored`).
    public var sequence: UInt64
    /// What it did.
    public var action: Action
    /// Why.
    public var reason: CorrectionReason
    /// The replacement's summary, for `replaced`.
    public var replacement: [AuditField]?

    /// Creates a note.
    public init(sequence: UInt64, action: Action, reason: CorrectionReason, replacement: [AuditField]? = nil) {
        self.sequence = sequence
        self.action = action
        self.reason = reason
        self.replacement = replacement
    }

    /// `voided by #12 (enteredInError)`, `replaced by #14 (wrongTime)`, `restored by #15 (…)`.
    public var label: String { "\(action.rawValue) by #\(sequence) (\(reason.rawValue))" }
}
