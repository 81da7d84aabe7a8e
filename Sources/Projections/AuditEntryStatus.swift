/// Whether an entry stands, as known at the timeline's cut.
public enum AuditEntryStatus: Hashable, Sendable {
    /// Stands as recorded.
    case standing
    /// Voided by the entry at this sequence.
    case voided(by: UInt64)
    /// Read as the replacement given by the entry at this sequence.
    case replaced(by: UInt64)

    /// `standing`, `voided by #12`, `replaced by #14`.
    public var label: String {
        switch self {
        case .standing: return "standing"
        case .voided(let s): return "voided by #\(s)"
        case .replaced(let s): return "replaced by #\(s)"
        }
    }
}
