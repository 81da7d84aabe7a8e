import CareRecord
import EventLog

/// One carer's check-ins and check-outs at one visit.
struct VisitDeliveryAttendance: Hashable, Sendable {
    /// The carer's staff id.
    var staffId: String
    /// The carer's earliest check-in, if any.
    var checkedInAt: Timestamp?
    /// The carer's latest check-out, if any.
    var checkedOutAt: Timestamp?
    /// Whether any of the carer's check-ins or check-outs was entered by hand.
    var manual = false

    /// Whether the carer attended (checked in).
    var attended: Bool { checkedInAt != nil }

    mutating func checkedIn(at instant: Timestamp, method: CheckMethod) {
        checkedInAt = checkedInAt.map { min($0, instant) } ?? instant
        if method != .electronic { manual = true }
    }

    mutating func checkedOut(at instant: Timestamp, method: CheckMethod) {
        checkedOutAt = checkedOutAt.map { max($0, instant) } ?? instant
        if method != .electronic { manual = true }
    }
}
