import CareRecord
import EventLog

/// A visit planned in the period, with everything recorded about it up to the window's end.
struct VisitDeliveryVisit: Hashable, Sendable {
    /// How a visit stands at the window's end.
    enum Outcome: Hashable, Sendable {
        /// At least one carer checked in (attendance wins over a missed or cancelled record).
        case delivered
        /// Cancelled, with no check-in.
        case cancelled
        /// Recorded as missed, or no check-in by the missed-visit threshold, and not cancelled.
        case missed
        /// No check-in yet, and not yet past the missed-visit threshold at the window's end.
        case pending
    }

    var personId: String
    var team: String
    var plannedStart: Timestamp
    var plannedMinutes: Int
    var carersNeeded: Int
    var timeCritical: Bool
    /// One entry per carer, in the order they first appeared.
    var carers: [VisitDeliveryAttendance] = []
    var missedRecorded = false
    var cancelledRecorded = false

    init(scheduled: VisitScheduled, team: String) {
        personId = scheduled.personId
        self.team = team
        plannedStart = scheduled.plannedStart
        plannedMinutes = scheduled.plannedMinutes
        carersNeeded = max(1, scheduled.carersNeeded)
        timeCritical = scheduled.timeCritical
    }

    /// The carers who checked in.
    var attendees: [VisitDeliveryAttendance] { carers.filter(\.attended) }

    /// Changes (or starts) the record of carer `staffId`.
    mutating func update(_ staffId: String, _ body: (inout VisitDeliveryAttendance) -> Void) {
        if let index = carers.firstIndex(where: { $0.staffId == staffId }) {
            body(&carers[index])
        } else {
            var attendance = VisitDeliveryAttendance(staffId: staffId)
            body(&attendance)
            carers.append(attendance)
        }
    }

    /// How the visit stands at `endInstant` under `missedThresholdMinutes`.
    func outcome(missedThresholdMinutes: Int, endInstant: Timestamp) -> Outcome {
        if carers.contains(where: \.attended) { return .delivered }
        if cancelledRecorded { return .cancelled }
        if missedRecorded { return .missed }
        let threshold = Int64(missedThresholdMinutes) * 60_000
        return plannedStart.adding(milliseconds: threshold) < endInstant ? .missed : .pending
    }

    /// The whole visit as one attendance: earliest check-in, latest check-out of the carers who
    /// checked in (no check-out if any of them has none), manual if any of theirs was.
    var combinedAttendance: VisitDeliveryAttendance {
        let present = attendees
        var combined = VisitDeliveryAttendance(staffId: "")
        combined.checkedInAt = present.compactMap(\.checkedInAt).min()
        combined.checkedOutAt =
            present.allSatisfy { $0.checkedOutAt != nil } ? present.compactMap(\.checkedOutAt).max() : nil
        combined.manual = present.contains(where: \.manual)
        return combined
    }
}
