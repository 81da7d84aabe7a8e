/// How an activity's RAG moved since the previous quarter.
public enum RAGChange: String, Hashable, Sendable, CaseIterable {
    /// Better than last quarter (red → amber, amber → green, red → green).
    case improved
    /// Worse than last quarter.
    case worse
    /// The same colour as last quarter.
    case unchanged
    /// No rating last quarter (no update and no indicator figure, or no data): nothing to compare.
    case new
    /// Rated last quarter but no data now: not comparable (never read as unchanged or better).
    case notComparable

    /// The change from `previous` (nil when there was no rating of data) to `current` (`noData`
    /// when the status is not a rating of data: the missing-data fallback compares as no data
    /// even when the rules show it as red).
    public static func between(previous: RAGStatus?, current: RAGStatus) -> RAGChange {
        guard let previous, let before = rank(previous) else { return .new }
        guard let now = rank(current) else { return .notComparable }
        return now > before ? .improved : (now < before ? .worse : .unchanged)
    }

    /// Red 0, amber 1, green 2; no data has no rank.
    private static func rank(_ status: RAGStatus) -> Int? {
        switch status {
        case .red: return 0
        case .amber: return 1
        case .green: return 2
        case .noData: return nil
        }
    }

    /// An arrow with a word, so the change reads without the symbol: `↑ improved`.
    public var label: String {
        switch self {
        case .improved: return "↑ improved"
        case .worse: return "↓ worse"
        case .unchanged: return "→ unchanged"
        case .new: return "new"
        case .notComparable: return "not comparable (no data)"
        }
    }
}
