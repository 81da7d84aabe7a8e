import CareCalendar
import CareRecord

/// What the compliance projection remembers about one person: team, the plan clock and the
/// six-month review anchors that can still fall due in the window.
struct CompliancePerson: Hashable, Sendable, Codable {
    var team: String
    var firstServiceOn: CareDate
    var endedOn: CareDate?
    /// The earliest personal plan prepared (within the window's valid time).
    var planPreparedOn: CareDate?
    /// Reviews answering the six-month duty, ascending, pruned to those whose next due date
    /// is not before the window.
    var reviews: [CareDate] = []

    init(started: ServiceStarted) {
        team = started.team
        firstServiceOn = started.firstServiceOn
    }

    mutating func reviewed(on date: CareDate, intervalMonths: Int, window: ComplianceWindow) {
        guard date.adding(months: intervalMonths) >= window.start, !reviews.contains(date) else { return }
        reviews.append(date)
        reviews.sort()
    }

    /// Counts the plan and six-month review duties that fell due in the window.
    func count(into measures: inout ComplianceMeasures, rules: RulesAdopted, window: ComplianceWindow) {
        let stillServed = { (due: CareDate) in endedOn.map { $0 >= due } ?? true }
        let planDue = firstServiceOn.adding(days: rules.planDeadlineDays)
        if window.contains(planDue), stillServed(planDue) {
            measures.plansWithinDeadline.record(planPreparedOn.map { $0 <= planDue } ?? false)
        }
        let periodStart: CareDate? =
            switch rules.reviewPeriodStartsFrom {
            case .planDate: planPreparedOn
            case .firstServiceDate: firstServiceOn
            }
        var anchors = reviews
        if let periodStart, !anchors.contains(periodStart) {
            anchors.append(periodStart)
            anchors.sort()
        }
        for (i, anchor) in anchors.enumerated() {
            let due = anchor.adding(months: rules.reviewIntervalMonths)
            guard window.contains(due), stillServed(due) else { continue }
            let next = i + 1 < anchors.count ? anchors[i + 1] : nil
            measures.reviewsWithinInterval.record(next.map { $0 <= due } ?? false)
        }
    }
}
