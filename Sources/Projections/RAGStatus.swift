/// A red/amber/green status, with "no data" kept apart so missing figures never read as green.
public enum RAGStatus: String, Hashable, Sendable, Codable, CaseIterable {
    /// Significantly off target, or set red by hand.
    case red
    /// Slightly off target (within the amber tolerance), or set amber by hand.
    case amber
    /// On or better than target, or set green by hand.
    case green
    /// No figure for the period: shown as such, never as green.
    case noData

    /// The label printed beside the colour, so the status reads without colour too.
    public var label: String {
        switch self {
        case .red: return "R"
        case .amber: return "A"
        case .green: return "G"
        case .noData: return "no data"
        }
    }
}
