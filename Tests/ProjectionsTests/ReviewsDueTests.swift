import CareCalendar
import CareRecord
import EventLog
import Projections
import Testing

@Suite("Reviews due")
struct ReviewsDueTests {
    /// A log with one person: service started, and whatever else the test adds.
    @discardableResult
    func person(
        _ first: String = "2020-01-06", id: String = "P1", team: String = "barrhead", in log: TestLog = TestLog()
    ) -> TestLog {
        log.append(started(first, team: team), to: "person/\(id)")
        return log
    }

    @Test func planIsDueTwentyEightDaysAfterFirstServiceAndMissingTheDayAfter() throws {
        let log = person("2020-01-06")
        // 6 Jan + 28 days = 3 Feb 2020.
        let onTheDay = try log.run(ReviewsDue.self, params("2020-02-03")).entry(for: "P1")!
        #expect(onTheDay.reason == .personalPlan)
        #expect(onTheDay.dueDate == d("2020-02-03"))
        #expect(onTheDay.status == .dueSoon)
        #expect(onTheDay.daysRemaining == 0)
        #expect(onTheDay.daysOverdue == nil)  // due today is not overdue: null, not 0
        let dayAfter = try log.run(ReviewsDue.self, params("2020-02-04")).entry(for: "P1")!
        #expect(dayAfter.status == .planMissing)
        #expect(dayAfter.daysOverdue == 1)
        #expect(dayAfter.daysRemaining == nil)
    }

    @Test func sixMonthReviewRunsFromThePlanDate() throws {
        let log = person("2020-01-06")
        log.append(plan("2020-01-20"), to: "person/P1")
        let entry = try log.run(ReviewsDue.self, params("2020-02-04")).entry(for: "P1")!
        #expect(entry.reason == .sixMonthReview)
        #expect(entry.dueDate == d("2020-07-20"))
        // 4 Feb → 20 Jul 2020: 29 + 31 + 30 + 31 + 30 + 16 days.
        #expect(entry.daysUntilDue == 167)
        #expect(entry.status == .onTrack)
        #expect(entry.planPreparedOn == d("2020-01-20"))
    }

    @Test func reviewOnThirtyFirstAugustFallsDueOnTwentyNinthFebruaryInALeapYear() throws {
        let log = person("2019-08-01")
        log.append(plan("2019-08-10"), to: "person/P1")
        log.append(review("2019-08-31"), to: "person/P1")
        let before = try log.run(ReviewsDue.self, params("2020-02-10")).entry(for: "P1")!
        #expect(before.dueDate == d("2020-02-29"))
        #expect(before.daysRemaining == 19)
        #expect(before.status == .dueSoon)
        let after = try log.run(ReviewsDue.self, params("2020-03-01")).entry(for: "P1")!
        #expect(after.status == .overdue)
        #expect(after.daysOverdue == 1)
    }

    @Test func reviewOnThirtyFirstAugustFallsDueOnTwentyEighthFebruaryOtherwise() throws {
        let log = person("2020-06-01")
        log.append(plan("2020-06-10"), to: "person/P1")
        log.append(review("2020-08-31"), to: "person/P1")
        let entry = try log.run(ReviewsDue.self, params("2021-03-01")).entry(for: "P1")!
        #expect(entry.dueDate == d("2021-02-28"))
        #expect(entry.daysOverdue == 1)
        #expect(entry.lastReviewOn == d("2020-08-31"))
    }

    @Test func dueSoonWindowComesFromTheRules() throws {
        let log = person("2020-01-06")
        log.append(plan("2020-01-20"), to: "person/P1")
        // Due 20 Jul; 28 days before is 22 Jun (due soon), 21 Jun is 29 days out (on track).
        #expect(try log.run(ReviewsDue.self, params("2020-06-22")).entry(for: "P1")!.status == .dueSoon)
        #expect(try log.run(ReviewsDue.self, params("2020-06-21")).entry(for: "P1")!.status == .onTrack)
    }

    @Test func firstPeriodCanRunFromTheFirstServiceDateByPolicy() throws {
        let log = person("2020-01-31")
        var rules = RulesAdopted(effectiveFrom: d("2019-01-01"), label: "from service start")
        rules.reviewPeriodStartsFrom = .firstServiceDate
        log.append(rules, to: "rules/R1")
        log.append(plan("2020-02-10"), to: "person/P1")
        let entry = try log.run(ReviewsDue.self, params("2020-03-01")).entry(for: "P1")!
        // 31 Jan + 6 months = 31 Jul.
        #expect(entry.dueDate == d("2020-07-31"))
        #expect(entry.reason == .sixMonthReview)
    }

    @Test func reviewOnRequestIsDueByTheLocalPolicyDeadlineAndMetByAReviewOnOrAfterIt() throws {
        let log = person("2020-01-06")
        log.append(plan("2020-01-20"), to: "person/P1")
        log.append(ReviewRequested(requestedOn: d("2020-03-02"), requestedBy: .representative), to: "person/P1")
        // before the request: does not answer it
        log.append(review("2020-03-01", trigger: .sixMonthly), to: "person/P1")
        let overdue = try log.run(ReviewsDue.self, params("2020-03-31")).entry(for: "P1")!
        // 2 Mar + 28 days = 30 Mar.
        #expect(overdue.reason == .reviewOnRequest)
        #expect(overdue.dueDate == d("2020-03-30"))
        #expect(overdue.status == .overdue)
        #expect(overdue.daysOverdue == 1)
        #expect(overdue.obligations.first { $0.duty == .reviewOnRequest }?.isLocalPolicy == true)
        log.append(review("2020-03-02", trigger: .request), to: "person/P1")
        let answered = try log.run(ReviewsDue.self, params("2020-03-31")).entry(for: "P1")!
        #expect(answered.obligations.map(\.duty) == [.sixMonthReview])
        // The request review does not restart the six-month clock; the six-monthly one on 1 Mar did.
        #expect(answered.dueDate == d("2020-09-01"))
    }

    @Test func significantChangeNeedsAReviewWithinTheDeadline() throws {
        let log = person("2020-01-06")
        log.append(plan("2020-01-20"), to: "person/P1")
        log.append(SignificantChangeRecorded(identifiedOn: d("2020-02-28"), areas: [.health]), to: "person/P1")
        let entry = try log.run(ReviewsDue.self, params("2020-03-01")).entry(for: "P1")!
        // 28 Feb 2020 + 28 days = 27 Mar (leap February).
        #expect(entry.reason == .reviewOnSignificantChange)
        #expect(entry.dueDate == d("2020-03-27"))
        #expect(entry.status == .dueSoon)
    }

    @Test func peopleWhoseServiceEndedAreNotListed() throws {
        let log = person("2020-01-06")
        person("2020-01-07", id: "P2", in: log)
        log.append(ended("2020-03-01"), to: "person/P1")
        #expect(try log.run(ReviewsDue.self, params("2020-03-01")).people.map(\.personId) == ["P2"])
        // Before the end date the person is still listed.
        #expect(try log.run(ReviewsDue.self, params("2020-02-29")).people.map(\.personId) == ["P1", "P2"])
    }

    @Test func eventsDatedAfterTheReportingDateAreIgnored() throws {
        let log = person("2020-01-06")
        log.append(plan("2020-02-10"), to: "person/P1")
        person("2020-03-10", id: "P2", in: log)  // starts after the reporting date
        let entry = try log.run(ReviewsDue.self, params("2020-02-05")).entry(for: "P1")!
        #expect(entry.status == .planMissing)
        #expect(entry.planPreparedOn == nil)
        #expect(try log.run(ReviewsDue.self, params("2020-02-05")).people.count == 1)
    }

    @Test func hospitalAdmissionDoesNotStopTheClock() throws {
        let log = person("2020-01-06")
        log.append(HospitalAdmissionRecorded(admittedOn: d("2020-01-10"), planned: false), to: "person/P1")
        let entry = try log.run(ReviewsDue.self, params("2020-02-04")).entry(for: "P1")!
        #expect(entry.dueDate == d("2020-02-03"))
        #expect(entry.status == .planMissing)
    }

    @Test func voidingAReviewMakesItOverdueAgain() throws {
        let log = person("2019-08-01")
        log.append(plan("2019-08-10"), to: "person/P1")
        let held = log.append(review("2020-02-01"), to: "person/P1")
        #expect(try log.run(ReviewsDue.self, params("2020-03-01")).entry(for: "P1")!.status == .onTrack)
        log.void(held, in: "person/P1")
        let entry = try log.run(ReviewsDue.self, params("2020-03-01")).entry(for: "P1")!
        // Back to plan date 10 Aug 2019 + 6 months = 10 Feb 2020.
        #expect(entry.status == .overdue)
        #expect(entry.dueDate == d("2020-02-10"))
        #expect(entry.daysOverdue == 20)
    }

    @Test func aPastReportIsUnchangedByLaterCorrections() throws {
        let log = person("2019-08-01")
        log.append(plan("2019-08-10"), to: "person/P1")
        let held = log.append(review("2020-02-01"), to: "person/P1")
        let then = try log.store.checkpoint().sequence
        let before = try log.run(ReviewsDue.self, params("2020-03-01", knownAt: .sequence(then)))
        log.void(held, in: "person/P1")
        log.append(ended("2020-02-15"), to: "person/P1")
        #expect(try log.run(ReviewsDue.self, params("2020-03-01", knownAt: .sequence(then))) == before)
        #expect(try log.run(ReviewsDue.self, params("2020-03-01")).people.isEmpty)
    }

    @Test func rulesEffectiveAfterTheReportingDateAreNotUsed() throws {
        let log = person("2020-01-06")
        var later = RulesAdopted(effectiveFrom: d("2020-06-01"), label: "later")
        later.planDeadlineDays = 14
        log.append(later, to: "rules/R2")
        #expect(try log.run(ReviewsDue.self, params("2020-01-10")).entry(for: "P1")!.dueDate == d("2020-02-03"))
        var earlier = RulesAdopted(effectiveFrom: d("2020-01-01"), label: "earlier")
        earlier.planDeadlineDays = 14
        log.append(earlier, to: "rules/R1")
        // 6 Jan + 14 days = 20 Jan.
        #expect(try log.run(ReviewsDue.self, params("2020-01-10")).entry(for: "P1")!.dueDate == d("2020-01-20"))
    }

    @Test func peopleAreGroupedByLocalityAndTeamAndSortedByUrgency() throws {
        let log = TestLog()
        log.append(started("2020-01-06", team: "giffnock", locality: "eastwood"), to: "person/P3")
        log.append(started("2020-01-06", team: "barrhead", locality: "levern"), to: "person/P1")
        log.append(started("2020-02-20", team: "barrhead", locality: "levern"), to: "person/P2")
        log.append(started("2020-01-20", team: "barrhead", locality: "levern"), to: "person/P4")
        log.append(plan("2020-01-25"), to: "person/P4")
        let output = try log.run(ReviewsDue.self, params("2020-03-01"))
        #expect(output.teams.map(\.team) == ["giffnock", "barrhead"])  // eastwood sorts before levern
        #expect(output.teams[1].people.map(\.personId) == ["P1", "P2", "P4"])
        #expect(output.teams[1].people.map(\.status) == [.planMissing, .dueSoon, .onTrack])
        #expect(output.teams[1].count(of: .planMissing) == 1)
    }

    @Test func incrementalFoldingEqualsRebuild() throws {
        let log = TestLog()
        for i in 1...12 {
            let id = "person/P\(i)"
            log.append(
                started("2019-\(String(format2: i))-0\(i % 9 + 1)", team: i % 3 == 0 ? "giffnock" : "barrhead"), to: id)
            if i % 4 != 0 { log.append(plan("2019-\(String(format2: i))-2\(i % 8)"), to: id) }
            if i % 2 == 0 { log.append(review("2019-12-1\(i % 10)"), to: id) }
            if i % 5 == 0 {
                log.append(ReviewRequested(requestedOn: d("2020-01-0\(i % 9 + 1)"), requestedBy: .person), to: id)
            }
        }
        let extra = log.append(review("2020-01-15"), to: "person/P3")
        log.void(extra, in: "person/P3")
        log.append(ended("2019-12-31"), to: "person/P7")
        let parameters = params("2020-02-01")
        let rebuilt = try log.run(ReviewsDue.self, parameters)
        let (context, events) = try log.resolvedEvents(for: ReviewsDue.self, parameters)
        #expect(fold(ReviewsDue.self, context: context, events: events, batchSizes: [events.count]) == rebuilt)
        #expect(
            fold(
                ReviewsDue.self, context: context, events: events, batchSizes: Array(repeating: 1, count: events.count))
                == rebuilt)
        var rng = SplitMix64(seed: 20_200_129)
        for _ in 0..<5 {
            let sizes = (0..<events.count).map { _ in Int.random(in: 1...7, using: &rng) }
            #expect(fold(ReviewsDue.self, context: context, events: events, batchSizes: sizes) == rebuilt)
        }
        #expect(rebuilt.people.count == 11)
    }
}

extension String {
    /// Two-digit month or day for building date literals in loops.
    init(format2 value: Int) { self = value < 10 ? "0\(value)" : "\(value)" }
}
