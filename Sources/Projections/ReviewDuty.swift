/// Which duty of SSI 2011/210 reg 5 (or local policy) an obligation answers: the "reason" a
/// person appears on the reviews-due list.
public enum ReviewDuty: String, Hashable, Sendable, CaseIterable, Comparable {
    /// The written personal plan, due a set number of days after the first service date (reg 5(1)).
    case personalPlan
    /// The review due at least once in every six-month period (reg 5(2)(c)).
    case sixMonthReview
    /// A review asked for by the person or their representative (reg 5(2)(a)); deadline is local policy.
    case reviewOnRequest
    /// A review after a significant change in needs (reg 5(2)(b)); deadline is local policy.
    case reviewOnSignificantChange

    /// A short label for reports.
    public var label: String {
        switch self {
        case .personalPlan: return "Personal plan"
        case .sixMonthReview: return "Six-month review"
        case .reviewOnRequest: return "Review on request"
        case .reviewOnSignificantChange: return "Review after significant change"
        }
    }

    /// The rule and its source, as stated in `Docs/projections.md`.
    public var rule: String {
        switch self {
        case .personalPlan: return "Plan within 28 days of first service (SSI 2011/210 reg 5(1)) [S*]"
        case .sixMonthReview:
            return "Review at least once in every six months (reg 5(2)(c)) [S*]; period arithmetic [I]"
        case .reviewOnRequest: return "Review on request (reg 5(2)(a)) [S*]; deadline is local policy [I]"
        case .reviewOnSignificantChange:
            return "Review on significant change (reg 5(2)(b)) [S*]; deadline is local policy [I]"
        }
    }

    /// Orders duties as listed (used to break ties between equal due dates).
    public static func < (lhs: ReviewDuty, rhs: ReviewDuty) -> Bool {
        lhs.rank < rhs.rank
    }

    /// The position in declaration order.
    private var rank: Int {
        switch self {
        case .personalPlan: return 0
        case .sixMonthReview: return 1
        case .reviewOnRequest: return 2
        case .reviewOnSignificantChange: return 3
        }
    }
}
