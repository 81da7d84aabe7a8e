import CareCalendar
import CareRecord

/// What the reviews-due projection remembers about one person with a service: a handful of
/// dates, so memory grows with live people, not with events.
struct ReviewsDuePerson: Hashable, Sendable {
    /// First service date of the current episode.
    var firstServiceOn: CareDate
    /// Team and locality from the latest `ServiceStarted`.
    var team: String
    var locality: String?
    /// The earliest personal plan prepared.
    var planPreparedOn: CareDate?
    /// The latest review of any kind.
    var lastReviewOn: CareDate?
    /// The latest review that answers the six-month duty (trigger absent or `sixMonthly`).
    var lastSixMonthReviewOn: CareDate?
    /// The latest review that answers requests (trigger absent or `request`).
    var lastRequestReviewOn: CareDate?
    /// The latest review that answers significant changes (trigger absent or `significantChange`).
    var lastChangeReviewOn: CareDate?
    /// Requests not yet answered by a review held on or after them, ascending.
    var pendingRequests: [CareDate] = []
    /// Significant changes not yet answered, ascending.
    var pendingChanges: [CareDate] = []

    init(started: ServiceStarted) {
        firstServiceOn = started.firstServiceOn
        team = started.team
        locality = started.locality
    }

    /// A second `ServiceStarted` during the same episode moves the person (team or locality).
    mutating func restated(_ started: ServiceStarted) {
        team = started.team
        locality = started.locality
        firstServiceOn = min(firstServiceOn, started.firstServiceOn)
    }

    mutating func planPrepared(on date: CareDate) {
        planPreparedOn = planPreparedOn.map { min($0, date) } ?? date
    }

    mutating func requested(on date: CareDate) {
        if let answered = lastRequestReviewOn, answered >= date { return }
        Self.insert(date, into: &pendingRequests)
    }

    mutating func changed(on date: CareDate) {
        if let answered = lastChangeReviewOn, answered >= date { return }
        Self.insert(date, into: &pendingChanges)
    }

    /// A review answers the duty its trigger names, or every duty when it names none.
    mutating func reviewed(on date: CareDate, trigger: ReviewTrigger?) {
        lastReviewOn = Self.later(lastReviewOn, date)
        if trigger == nil || trigger == .sixMonthly { lastSixMonthReviewOn = Self.later(lastSixMonthReviewOn, date) }
        if trigger == nil || trigger == .request {
            lastRequestReviewOn = Self.later(lastRequestReviewOn, date)
            pendingRequests.removeAll { $0 <= date }
        }
        if trigger == nil || trigger == .significantChange {
            lastChangeReviewOn = Self.later(lastChangeReviewOn, date)
            pendingChanges.removeAll { $0 <= date }
        }
    }

    /// The outstanding duties under `rules`, earliest due first (ties in duty order).
    func obligations(rules: RulesAdopted) -> [ReviewObligation] {
        var out: [ReviewObligation] = []
        if planPreparedOn == nil {
            out.append(
                ReviewObligation(
                    duty: .personalPlan, since: firstServiceOn,
                    dueDate: firstServiceOn.adding(days: rules.planDeadlineDays), isLocalPolicy: false))
        }
        let periodStart: CareDate? =
            switch rules.reviewPeriodStartsFrom {
            case .planDate: planPreparedOn
            case .firstServiceDate: firstServiceOn
            }
        if let anchor = [periodStart, lastSixMonthReviewOn].compactMap({ $0 }).max() {
            out.append(
                ReviewObligation(
                    duty: .sixMonthReview, since: anchor,
                    dueDate: anchor.adding(months: rules.reviewIntervalMonths), isLocalPolicy: false))
        }
        let local = rules.reviewOnRequestDeadlineIsLocalPolicy
        if let first = pendingRequests.first {
            out.append(
                ReviewObligation(
                    duty: .reviewOnRequest, since: first,
                    dueDate: first.adding(days: rules.reviewOnRequestDeadlineDays), isLocalPolicy: local))
        }
        if let first = pendingChanges.first {
            out.append(
                ReviewObligation(
                    duty: .reviewOnSignificantChange, since: first,
                    dueDate: first.adding(days: rules.reviewOnRequestDeadlineDays), isLocalPolicy: local))
        }
        return out.sorted { ($0.dueDate, $0.duty) < ($1.dueDate, $1.duty) }
    }

    /// The person's line on the list as at `asAt`.
    func entry(personId: String, asAt: CareDate, rules: RulesAdopted) -> ReviewsDueEntry {
        let obligations = obligations(rules: rules)
        // Always at least one: the plan duty, or the six-month duty once a plan exists.
        let plan = obligations.first { $0.duty == .personalPlan }
        let governing: ReviewObligation
        let status: ReviewStatus
        if let plan, plan.dueDate < asAt {
            governing = plan
            status = .planMissing
        } else {
            // Never empty (the plan duty, or the six-month duty once a plan exists); the plan
            // duty stands in should that ever change.
            governing =
                obligations.first
                ?? ReviewObligation(
                    duty: .personalPlan, since: firstServiceOn,
                    dueDate: firstServiceOn.adding(days: rules.planDeadlineDays),
                    isLocalPolicy: false)
            let days = asAt.days(until: governing.dueDate)
            status = days < 0 ? .overdue : days <= rules.dueSoonDays ? .dueSoon : .onTrack
        }
        return ReviewsDueEntry(
            personId: personId, team: team, locality: locality, firstServiceOn: firstServiceOn,
            planPreparedOn: planPreparedOn, lastReviewOn: lastReviewOn, status: status, reason: governing.duty,
            dueDate: governing.dueDate, daysUntilDue: asAt.days(until: governing.dueDate), obligations: obligations)
    }

    private static func later(_ a: CareDate?, _ b: CareDate) -> CareDate { a.map { max($0, b) } ?? b }

    private static func insert(_ date: CareDate, into dates: inout [CareDate]) {
        guard !dates.contains(date) else { return }
        dates.append(date)
        dates.sort()
    }
}
