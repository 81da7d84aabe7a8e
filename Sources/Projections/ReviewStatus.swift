/// Where a person stands on the reviews-due list, most urgent first.
public enum ReviewStatus: String, Hashable, Sendable, CaseIterable, Comparable {
    /// No personal plan and its due date has passed.
    case planMissing
    /// A review (or other duty) is past its due date.
    case overdue
    /// The next duty falls due within the rules' `dueSoonDays`.
    case dueSoon
    /// Nothing due within `dueSoonDays`.
    case onTrack

    /// A short label for reports.
    public var label: String {
        switch self {
        case .planMissing: return "Plan missing"
        case .overdue: return "Overdue"
        case .dueSoon: return "Due soon"
        case .onTrack: return "On track"
        }
    }

    /// Most urgent first.
    public static func < (lhs: ReviewStatus, rhs: ReviewStatus) -> Bool {
        lhs.rank < rhs.rank
    }

    /// The position in declaration order (most urgent first).
    private var rank: Int {
        switch self {
        case .planMissing: return 0
        case .overdue: return 1
        case .dueSoon: return 2
        case .onTrack: return 3
        }
    }
}
