import CareRecord
import EventLog

/// Planned against delivered visits for one group (a team, a carer, a person) or the whole
/// service. Every count is of visits; `planned` = `delivered` + `cancelled` + `missed` + `pending`.
public struct VisitDeliveryFigures: Hashable, Sendable {
    /// The team, staff id or person id; nil for the whole service.
    public var group: String?
    /// Visits planned to start in the period.
    public var planned = 0
    /// Visits at which at least one carer checked in.
    public var delivered = 0
    /// Delivered visits whose first check-in was within the tolerance either side of the planned start.
    public var onTime = 0
    /// Delivered visits whose first check-in was later than the planned start plus the late tolerance.
    public var late = 0
    /// Delivered visits whose first check-in was earlier than the planned start minus the early tolerance.
    public var early = 0
    /// Delivered visits with a check-out that lasted less than planned minus the short-visit tolerance.
    public var short = 0
    /// Visits recorded as missed, or with no check-in by the missed-visit threshold (not cancelled).
    public var missed = 0
    /// Visits cancelled with no check-in.
    public var cancelled = 0
    /// Visits with no check-in, not cancelled or missed, and not yet past the missed-visit threshold.
    public var pending = 0
    /// Delivered visits where a carer who checked in has no check-out (the length is unknown).
    public var unverified = 0
    /// Delivered visits with any check-in or check-out entered by hand (with an exception code).
    public var manuallyVerified = 0
    /// Delivered visits needing two or more carers at which fewer carers checked in than needed.
    public var understaffed = 0
    /// Planned minutes of the visits not cancelled.
    public var plannedMinutes = 0
    /// Delivered minutes: check-in to check-out of the delivered visits with a check-out.
    public var deliveredMinutes: Int { Int(deliveredMilliseconds / 60_000) }
    /// The first check-in's offset from the planned start of each delivered visit, in
    /// milliseconds (negative when early), ascending.
    public var offsets: [Int64] = []

    var deliveredMilliseconds: Int64 = 0

    /// Empty figures for `group`.
    public init(group: String?) { self.group = group }

    /// The median offset of the first check-in from the planned start, in whole minutes
    /// (truncated toward zero; negative when early); nil with no delivered visits.
    public var medianLatenessMinutes: Int? { percentile(50) }

    /// The 90th percentile of the same offsets, in whole minutes; nil with no delivered visits.
    public var p90LatenessMinutes: Int? { percentile(90) }

    /// The nearest-rank `percent`th percentile of ``offsets`` in whole minutes.
    func percentile(_ percent: Int) -> Int? {
        guard !offsets.isEmpty else { return nil }
        let rank = max(1, (percent * offsets.count + 99) / 100)
        return Int(offsets[rank - 1] / 60_000)
    }

    /// Counts one visit, seen through `attendance` (the whole visit, or one carer's part in it),
    /// with `sign` 1; with `sign` -1 takes away what counting it added (a saved visit an event
    /// changes). False when the offset to take away is not among ``offsets`` (a damaged state).
    @discardableResult
    mutating func count(
        _ visit: VisitDeliveryVisit, outcome: VisitDeliveryVisit.Outcome, attendance: VisitDeliveryAttendance?,
        attendees: Int, rules: RulesAdopted, sign: Int = 1
    ) -> Bool {
        planned += sign
        if outcome != .cancelled { plannedMinutes += sign * visit.plannedMinutes }
        switch outcome {
        case .cancelled: cancelled += sign
        case .missed: missed += sign
        case .pending: pending += sign
        case .delivered:
            guard let attendance, let checkedIn = attendance.checkedInAt else { return true }
            delivered += sign
            let offset = checkedIn.millisecondsSinceEpoch - visit.plannedStart.millisecondsSinceEpoch
            var intact = true
            if sign > 0 { offsets.append(offset) } else { intact = removeOffset(offset) }
            let lateTolerance =
                visit.timeCritical ? rules.timeCriticalToleranceMinutes : rules.lateVisitToleranceMinutes
            let earlyTolerance =
                visit.timeCritical ? rules.timeCriticalToleranceMinutes : rules.earlyVisitToleranceMinutes
            if offset > Int64(lateTolerance) * 60_000 {
                late += sign
            } else if -offset > Int64(earlyTolerance) * 60_000 {
                early += sign
            } else {
                onTime += sign
            }
            if let checkedOut = attendance.checkedOutAt {
                let length = max(0, checkedOut.millisecondsSinceEpoch - checkedIn.millisecondsSinceEpoch)
                deliveredMilliseconds += Int64(sign) * length
                if length < Int64(visit.plannedMinutes - rules.shortVisitToleranceMinutes) * 60_000 { short += sign }
            } else {
                unverified += sign
            }
            if attendance.manual { manuallyVerified += sign }
            if visit.carersNeeded >= 2 && attendees < visit.carersNeeded { understaffed += sign }
            return intact
        }
        return true
    }

    /// Removes one `offset` from ``offsets`` (found by halving when they are ascending, as a
    /// saved state keeps them); false when there is none.
    private mutating func removeOffset(_ offset: Int64) -> Bool {
        var low = 0
        var high = offsets.count
        while low < high {
            let middle = (low + high) / 2
            if offsets[middle] < offset { low = middle + 1 } else { high = middle }
        }
        if low < offsets.count, offsets[low] == offset {
            offsets.remove(at: low)
            return true
        }
        guard let index = offsets.firstIndex(of: offset) else { return false }
        offsets.remove(at: index)
        return true
    }

    /// Adds `other`'s counts, minutes and offsets (another team's part of the same row).
    mutating func add(_ other: VisitDeliveryFigures) {
        planned += other.planned
        delivered += other.delivered
        onTime += other.onTime
        late += other.late
        early += other.early
        short += other.short
        missed += other.missed
        cancelled += other.cancelled
        pending += other.pending
        unverified += other.unverified
        manuallyVerified += other.manuallyVerified
        understaffed += other.understaffed
        plannedMinutes += other.plannedMinutes
        deliveredMilliseconds += other.deliveredMilliseconds
        offsets.append(contentsOf: other.offsets)
    }
}
