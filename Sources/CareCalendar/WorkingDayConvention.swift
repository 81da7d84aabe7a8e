/// How "within N working days of receipt" is counted; the SPSO model complaints handling
/// procedure does not say, so it is a setting (rules.md §3.4, §11 item 16).
public enum WorkingDayConvention: String, Hashable, Sendable, Codable, CaseIterable {
    /// The day of receipt is day 0: the deadline is the N-th working day after it (Fri + 5 = next
    /// Fri). Receipt on a non-working day is treated as receipt on the next working day
    /// (Sat + 5 = the Monday after next). The default.
    case receiptIsDayZero
    /// The day of receipt counts as day 1 when it is a working day: the deadline is the
    /// (N−1)-th working day after it (Fri + 5 = next Thu). Receipt on a non-working day makes
    /// the next working day day 1 (Sat + 5 = the following Fri).
    case receiptIsDayOne
}
