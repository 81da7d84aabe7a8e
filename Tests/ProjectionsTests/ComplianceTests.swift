import CareCalendar
import CareRecord
import EventLog
import Projections
import Testing

@Suite("Compliance")
struct ComplianceTests {
    /// Q1 2020 as at its last day.
    let q1 = params("2020-03-31", from: "2020-01-01", to: "2020-03-31")
    /// Q4 2020 to the end of January 2021, spanning Christmas and New Year.
    let winter = params("2021-02-28", from: "2020-12-01", to: "2021-02-28")

    func ratio(_ r: ComplianceRatio) -> [Int] { [r.numerator, r.denominator] }

    // MARK: Plans and reviews

    @Test func plansCountWhenTheyFallDueInThePeriod() throws {
        let log = TestLog()
        log.append(started("2020-01-06"), to: "person/P1")  // due 3 Feb
        log.append(plan("2020-02-03"), to: "person/P1")  // on the day: on time
        log.append(started("2020-01-10"), to: "person/P2")  // due 7 Feb
        log.append(plan("2020-02-08"), to: "person/P2")  // a day late
        log.append(started("2020-03-20"), to: "person/P3")  // due 17 Apr: not in Q1
        log.append(started("2020-01-01"), to: "person/P4")  // due 29 Jan, but service ended 20 Jan
        log.append(ended("2020-01-20"), to: "person/P4")
        let output = try log.run(Compliance.self, q1)
        #expect(ratio(output.service.plansWithinDeadline) == [1, 2])
        #expect(output.value(of: .plansWithin28Days)! == (1, 2))
    }

    @Test func sixMonthReviewsCountWhenTheyFallDueInThePeriod() throws {
        let log = TestLog()
        log.append(started("2019-08-01"), to: "person/P1")
        log.append(plan("2019-08-31"), to: "person/P1")  // due 29 Feb 2020 (leap)
        log.append(review("2020-02-29"), to: "person/P1")  // on the day
        log.append(started("2019-09-01"), to: "person/P2")
        log.append(plan("2019-09-15"), to: "person/P2")  // due 15 Mar 2020
        log.append(review("2020-03-16"), to: "person/P2")  // a day late
        log.append(started("2019-10-01"), to: "person/P3")
        log.append(plan("2019-10-10"), to: "person/P3")  // due 10 Apr: not in Q1
        let output = try log.run(Compliance.self, q1)
        #expect(ratio(output.service.reviewsWithinInterval) == [1, 2])
    }

    @Test func anOverdueReviewWithNoReviewHeldCountsAsLate() throws {
        let log = TestLog()
        log.append(started("2019-08-01"), to: "person/P1")
        log.append(plan("2019-08-31"), to: "person/P1")
        let held = log.append(review("2020-02-20"), to: "person/P1")
        #expect(ratio(try log.run(Compliance.self, q1).service.reviewsWithinInterval) == [1, 1])
        log.void(held, in: "person/P1")
        #expect(ratio(try log.run(Compliance.self, q1).service.reviewsWithinInterval) == [0, 1])
    }

    // MARK: Visits

    func visitLog() -> TestLog {
        let log = TestLog()
        log.append(started("2019-06-01", team: "barrhead"), to: "person/P1")
        return log
    }

    /// On-time figure for one visit planned at 09:00 UTC on Mon 2 Mar 2020 (GMT) with one check-in.
    func onTime(checkIn at: String, timeCritical: Bool = false) throws -> [Int] {
        let log = visitLog()
        log.append(scheduled("P1", at: "2020-03-02T09:00:00Z", timeCritical: timeCritical), to: "visit/V1")
        log.append(checkIn(at), to: "visit/V1")
        log.append(checkOut("2020-03-02T11:00:00Z"), to: "visit/V1")
        return ratio(try log.run(Compliance.self, q1).service.visitsOnTime)
    }

    @Test func visitIsOnTimeWithinThirtyMinutesEitherSide() throws {
        #expect(try onTime(checkIn: "2020-03-02T09:30:00Z") == [1, 1])
        #expect(try onTime(checkIn: "2020-03-02T09:30:01Z") == [0, 1])
        #expect(try onTime(checkIn: "2020-03-02T08:30:00Z") == [1, 1])
        #expect(try onTime(checkIn: "2020-03-02T08:29:59Z") == [0, 1])
    }

    @Test func timeCriticalVisitUsesTheTighterTolerance() throws {
        #expect(try onTime(checkIn: "2020-03-02T09:15:00Z", timeCritical: true) == [1, 1])
        #expect(try onTime(checkIn: "2020-03-02T09:16:00Z", timeCritical: true) == [0, 1])
    }

    @Test func electronicVerificationNeedsBothCheckInAndCheckOutElectronic() throws {
        let log = visitLog()
        log.append(scheduled("P1", at: "2020-03-02T09:00:00Z"), to: "visit/V1")
        log.append(checkIn("2020-03-02T09:00:00Z"), to: "visit/V1")
        log.append(checkOut("2020-03-02T09:30:00Z"), to: "visit/V1")
        log.append(scheduled("P1", at: "2020-03-03T09:00:00Z"), to: "visit/V2")
        log.append(checkIn("2020-03-03T09:00:00Z"), to: "visit/V2")
        log.append(checkOut("2020-03-03T09:30:00Z", .manual), to: "visit/V2")
        log.append(scheduled("P1", at: "2020-03-04T09:00:00Z"), to: "visit/V3")
        log.append(checkIn("2020-03-04T09:00:00Z", .manual), to: "visit/V3")
        log.append(checkOut("2020-03-04T09:30:00Z"), to: "visit/V3")
        log.append(scheduled("P1", at: "2020-03-05T09:00:00Z"), to: "visit/V4")
        log.append(checkIn("2020-03-05T09:00:00Z"), to: "visit/V4")  // no check-out yet
        let output = try log.run(Compliance.self, q1)
        #expect(ratio(output.service.visitsVerifiedElectronically) == [1, 4])
        #expect(output.value(of: .visitsVerifiedElectronically, team: "barrhead")! == (1, 4))
    }

    @Test func missedVisitsExcludeVisitsCancelledByThePerson() throws {
        let log = visitLog()
        log.append(scheduled("P1", at: "2020-03-02T09:00:00Z"), to: "visit/V1")
        log.append(checkIn("2020-03-02T09:05:00Z"), to: "visit/V1")
        log.append(checkOut("2020-03-02T09:35:00Z"), to: "visit/V1")
        log.append(scheduled("P1", at: "2020-03-02T13:00:00Z"), to: "visit/V2")
        log.append(
            VisitMissed(detectedAt: t("2020-03-02T15:00:00Z"), reason: .noCarerAvailable, personInformed: true),
            to: "visit/V2")
        log.append(scheduled("P1", at: "2020-03-02T17:00:00Z"), to: "visit/V3")
        log.append(
            VisitCancelled(cancelledAt: t("2020-03-01T10:00:00Z"), cancelledBy: .person, reason: .familyProviding),
            to: "visit/V3")
        log.append(scheduled("P1", at: "2020-03-02T21:00:00Z"), to: "visit/V4")
        log.append(
            VisitCancelled(cancelledAt: t("2020-03-01T10:00:00Z"), cancelledBy: .provider, reason: .providerStaffing),
            to: "visit/V4")
        // nothing recorded: missed by threshold
        log.append(scheduled("P1", at: "2020-03-03T09:00:00Z"), to: "visit/V5")
        log.append(scheduled("P1", at: "2020-04-01T09:00:00Z"), to: "visit/V6")  // after the period
        let output = try log.run(Compliance.self, q1)
        #expect(ratio(output.service.missedVisits) == [2, 4])
        #expect(ratio(output.service.visitsOnTime) == [1, 1])
    }

    @Test func visitWithNoCheckInIsNotMissedBeforeTheThresholdPasses() throws {
        let log = visitLog()
        // Planned 22:30 UTC on 31 Mar 2020 = 23:30 BST; the 120-minute threshold passes after the period ends.
        log.append(scheduled("P1", at: "2020-03-31T22:30:00Z"), to: "visit/V1")
        log.append(scheduled("P1", at: "2020-03-31T19:00:00Z"), to: "visit/V2")  // 20:00 BST + 2 h = 22:00 BST: missed
        #expect(ratio(try log.run(Compliance.self, q1).service.missedVisits) == [1, 1])
    }

    @Test func correctingACheckInTimeChangesTheOnTimeFigure() throws {
        let log = visitLog()
        log.append(scheduled("P1", at: "2020-03-02T09:00:00Z"), to: "visit/V1")
        let arrival = log.append(checkIn("2020-03-02T09:10:00Z"), to: "visit/V1")
        log.append(checkOut("2020-03-02T09:50:00Z"), to: "visit/V1")
        #expect(ratio(try log.run(Compliance.self, q1).service.visitsOnTime) == [1, 1])
        log.correct(arrival, in: "visit/V1", with: checkIn("2020-03-02T09:45:00Z").careEvent)
        #expect(ratio(try log.run(Compliance.self, q1).service.visitsOnTime) == [0, 1])
    }

    @Test func visitsAreCountedForThePersonsTeam() throws {
        let log = TestLog()
        log.append(started("2019-06-01", team: "barrhead"), to: "person/P1")
        log.append(started("2019-06-01", team: "giffnock"), to: "person/P2")
        log.append(scheduled("P1", at: "2020-03-02T09:00:00Z"), to: "visit/V1")
        log.append(checkIn("2020-03-02T09:00:00Z"), to: "visit/V1")
        log.append(checkOut("2020-03-02T09:30:00Z"), to: "visit/V1")
        log.append(scheduled("P2", at: "2020-03-02T09:00:00Z"), to: "visit/V2")
        log.append(checkIn("2020-03-02T10:00:00Z"), to: "visit/V2")
        log.append(checkOut("2020-03-02T10:30:00Z"), to: "visit/V2")
        let output = try log.run(Compliance.self, q1)
        #expect(output.teams.map(\.team) == ["barrhead", "giffnock"])
        #expect(ratio(output.measures(for: "barrhead")!.visitsOnTime) == [1, 1])
        #expect(ratio(output.measures(for: "giffnock")!.visitsOnTime) == [0, 1])
        #expect(ratio(output.service.visitsOnTime) == [1, 2])
    }

    // MARK: Medication

    @Test func marEntriesMissedMedicationsAndErrorsPerThousand() throws {
        let log = visitLog()
        log.append(mar("2020-03-02T09:00:00Z", .administered), to: "medication/P1")
        log.append(mar("2020-03-02T13:00:00Z", .refused), to: "medication/P1")
        log.append(mar("2020-03-02T17:00:00Z", .missed), to: "medication/P1")
        log.append(mar("2020-04-02T09:00:00Z", .missed), to: "medication/P1")  // after the period
        log.append(
            MedicationErrorRecorded(
                errorId: "E1", discoveredAt: t("2020-03-02T18:00:00Z"), stage: .administering, kind: .omission,
                nearMiss: false, harm: .none, controlledDrug: false), to: "medication/P1")
        log.append(
            MedicationErrorRecorded(
                errorId: "E2", discoveredAt: t("2020-03-03T18:00:00Z"), stage: .preparing, kind: .commission,
                nearMiss: true, harm: .none, controlledDrug: false), to: "medication/P1")
        let m = try log.run(Compliance.self, q1).service
        #expect(ratio(m.marEntriesWithOutcome) == [2, 3])
        #expect(ratio(m.missedMedications) == [1, 3])
        #expect(m.medicationErrors == 1)
        #expect(m.nearMisses == 1)
        #expect(m.medicationErrorsPerThousandMAREntries! > 333.33 && m.medicationErrorsPerThousandMAREntries! < 333.34)
        #expect(m.value(of: .medicationErrors)! == (1, 3))
        #expect(m.indicatorValue(of: .medicationErrors) == 1)
    }

    // MARK: Complaints (Christmas 2020: Fri 25 Dec, Mon 28 Dec substitute, Fri 1 Jan, Mon 4 Jan substitute)

    /// Stage 1 figure for one complaint received Tue 22 Dec 2020.
    func stage1(respondedOn: String, extended: Bool = false) throws -> [Int] {
        let log = TestLog()
        log.append(complaint("2020-12-22", team: "barrhead"), to: "complaint/C1")
        if extended {
            log.append(
                ComplaintExtensionAgreed(
                    stage: .stage1, agreedOn: d("2020-12-23"), newDueOn: d("2021-01-11"), reason: .complexity,
                    agreedWithComplainant: true), to: "complaint/C1")
        }
        log.append(
            ComplaintStage1Responded(
                respondedOn: d(respondedOn), outcomes: [ComplaintPointResult(pointId: "1", outcome: .upheld)]),
            to: "complaint/C1")
        return ratio(try log.run(Compliance.self, winter).service.complaintsStage1OnTime)
    }

    @Test func stageOneIsDueFiveWorkingDaysAfterReceiptAcrossChristmas() throws {
        // Wed 23 (1), Thu 24 (2), [Fri 25, Mon 28 holidays], Tue 29 (3), Wed 30 (4), Thu 31 Dec (5).
        #expect(try stage1(respondedOn: "2020-12-31") == [1, 1])
        // Fri 1 Jan and Mon 4 Jan are holidays: Tue 5 Jan is late.
        #expect(try stage1(respondedOn: "2021-01-05") == [0, 1])
    }

    @Test func stageOneExtensionAddsFiveWorkingDaysAcrossNewYear() throws {
        // After Thu 31 Dec (5): [Fri 1, Mon 4 Jan holidays], Tue 5 (6), Wed 6 (7), Thu 7 (8), Fri 8 (9), Mon 11 Jan (10).
        #expect(try stage1(respondedOn: "2021-01-11", extended: true) == [1, 1])
        #expect(try stage1(respondedOn: "2021-01-12", extended: true) == [0, 1])
    }

    /// Stage 2 figures for a complaint escalated Tue 22 Dec 2020.
    func stage2(acknowledgedOn: String, respondedOn: String) throws -> (ack: [Int], response: [Int]) {
        let log = TestLog()
        log.append(complaint("2020-12-15", team: "barrhead"), to: "complaint/C1")
        log.append(
            ComplaintStage1Responded(
                respondedOn: d("2020-12-18"), outcomes: [ComplaintPointResult(pointId: "1", outcome: .notUpheld)]),
            to: "complaint/C1")
        log.append(
            ComplaintEscalatedToStage2(escalatedOn: d("2020-12-22"), route: .complainantDissatisfied),
            to: "complaint/C1")
        log.append(ComplaintStage2Acknowledged(acknowledgedOn: d(acknowledgedOn)), to: "complaint/C1")
        log.append(
            ComplaintStage2Responded(
                respondedOn: d(respondedOn), outcomes: [ComplaintPointResult(pointId: "1", outcome: .partiallyUpheld)],
                spsoSignposted: true), to: "complaint/C1")
        let m = try log.run(Compliance.self, winter).service
        return (ratio(m.complaintsStage2AcknowledgedOnTime), ratio(m.complaintsStage2OnTime))
    }

    @Test func stageTwoAcknowledgementIsDueThreeWorkingDaysAfterEscalation() throws {
        // Wed 23 (1), Thu 24 (2), [Fri 25, Mon 28], Tue 29 Dec (3).
        #expect(try stage2(acknowledgedOn: "2020-12-29", respondedOn: "2021-01-25").ack == [1, 1])
        #expect(try stage2(acknowledgedOn: "2020-12-30", respondedOn: "2021-01-25").ack == [0, 1])
    }

    @Test func stageTwoResponseIsDueTwentyWorkingDaysAfterEscalation() throws {
        // Tue 29 (3), Wed 30 (4), Thu 31 (5), [Fri 1, Mon 4], Tue 5 .. Fri 8 (9), Mon 11 .. Fri 15 (14),
        // Mon 18 .. Fri 22 (19), Mon 25 Jan (20).
        #expect(try stage2(acknowledgedOn: "2020-12-29", respondedOn: "2021-01-25").response == [1, 1])
        #expect(try stage2(acknowledgedOn: "2020-12-29", respondedOn: "2021-01-26").response == [0, 1])
    }

    @Test func complaintsTakeThePersonsTeamAndWithdrawnOnesLeaveTheDenominator() throws {
        let log = TestLog()
        log.append(started("2019-06-01", team: "giffnock"), to: "person/P1")
        log.append(complaint("2021-01-05", person: "P1"), to: "complaint/C1")  // due 12 Jan, never answered: late
        log.append(complaint("2021-01-06", person: "P1"), to: "complaint/C2")
        log.append(ComplaintWithdrawn(withdrawnOn: d("2021-01-07")), to: "complaint/C2")
        let output = try log.run(Compliance.self, winter)
        #expect(ratio(output.measures(for: "giffnock")!.complaintsStage1OnTime) == [0, 1])
    }

    @Test func everyComplaintTimeLimitIsListedWithItsDatesAndOutcome() throws {
        let log = TestLog()
        log.append(started("2019-06-01", team: "giffnock"), to: "person/P1")
        // C1: received Tue 22 Dec, extension agreed, answered Mon 11 Jan (on the extended day).
        log.append(complaint("2020-12-22", team: "barrhead"), to: "complaint/C1")
        log.append(
            ComplaintExtensionAgreed(
                stage: .stage1, agreedOn: d("2020-12-23"), newDueOn: d("2021-01-11"), reason: .complexity,
                agreedWithComplainant: true), to: "complaint/C1")
        log.append(
            ComplaintStage1Responded(
                respondedOn: d("2021-01-11"), outcomes: [ComplaintPointResult(pointId: "1", outcome: .upheld)]),
            to: "complaint/C1")
        // C2: never answered; C3: withdrawn before its answer.
        log.append(complaint("2021-01-05", person: "P1"), to: "complaint/C2")
        log.append(complaint("2021-01-06", person: "P1"), to: "complaint/C3")
        log.append(ComplaintWithdrawn(withdrawnOn: d("2021-01-07")), to: "complaint/C3")
        let output = try log.run(Compliance.self, winter)
        let deadlines = output.complaintDeadlines
        #expect(deadlines.map(\.complaintId) == ["C1", "C2", "C3"])
        let c1 = try #require(deadlines.first)
        #expect(c1.step == .stage1Response && c1.team == "barrhead")
        #expect(c1.startedOn == d("2020-12-22") && c1.dueOn == d("2020-12-31"))
        #expect(c1.extendedDueOn == d("2021-01-11") && c1.answeredOn == d("2021-01-11"))
        #expect(c1.outcome == .onTime)
        #expect(
            deadlines[1].outcome == .unanswered && deadlines[1].extendedDueOn == nil && deadlines[1].answeredOn == nil)
        #expect(deadlines[2].outcome == .withdrawn)
        // The figures count exactly the listed rows that are not withdrawn.
        let counted = deadlines.filter { $0.outcome != .withdrawn }
        #expect(
            ratio(output.service.complaintsStage1OnTime) == [
                counted.filter { $0.outcome == .onTime }.count, counted.count,
            ])
    }

    // MARK: Notifications

    @Test func notificationIsOnTimeUpToTheDeadlineInstant() throws {
        func figure(_ submitted: String) throws -> [Int] {
            let log = TestLog()
            log.append(notification(aware: "2020-03-02T10:00:00Z", submitted: submitted), to: "notification/N1")
            return ratio(try log.run(Compliance.self, q1).service.notificationsOnTime)
        }
        // Became aware 10:00 on 2 Mar + 24 h default = 10:00 on 3 Mar.
        #expect(try figure("2020-03-03T10:00:00Z") == [1, 1])
        #expect(try figure("2020-03-03T10:00:01Z") == [0, 1])
    }

    @Test func notificationDeadlinesAreSetPerCategoryByTheRules() throws {
        let log = TestLog()
        var rules = RulesAdopted(effectiveFrom: d("2020-01-01"), label: "deaths within 12 hours")
        rules.notificationDeadlines = [NotificationDeadline(category: .death, hours: 12, confirmed: false)]
        log.append(rules, to: "rules/R1")
        log.append(
            notification(.death, aware: "2020-03-02T10:00:00Z", submitted: "2020-03-02T22:00:00Z"),
            to: "notification/N1")
        log.append(
            notification(.death, aware: "2020-03-02T10:00:00Z", submitted: "2020-03-02T22:01:00Z"),
            to: "notification/N2")
        log.append(
            notification(aware: "2020-03-02T10:00:00Z", submitted: "2020-03-02T22:01:00Z"), to: "notification/N3")
        let m = try log.run(Compliance.self, q1).service
        #expect(m.notificationsByCategory.map(\.category) == [.accidentIncidentOrInjury, .death])
        #expect(m.notificationsByCategory.map { ratio($0.onTime) } == [[1, 1], [1, 2]])
        #expect(m.notificationsByCategory.map(\.deadlineHours) == [24, 12])
        #expect(ratio(m.notificationsOnTime) == [2, 3])
    }

    // MARK: Staff

    @Test func staffMeasuresAreTakenAtThePeriodEnd() throws {
        let log = TestLog()
        log.append(StaffJoined(joinedOn: d("2019-01-01"), role: .homeCareWorker, team: "barrhead"), to: "staff/S1")
        for course in TrainingCourse.allCases {
            // medication lapses on the period end
            let expires = course == .medication ? d("2020-03-31") : d("2021-06-01")
            log.append(
                TrainingCompleted(course: course, completedOn: d("2019-06-01"), expiresOn: expires), to: "staff/S1")
        }
        // 90 days before 31 Mar
        log.append(SupervisionHeld(heldOn: d("2020-01-01"), kind: .field, supervisorId: "S9"), to: "staff/S1")
        log.append(SSSCRegistrationRecorded(registeredOn: d("2019-02-01"), expiresOn: d("2024-02-01")), to: "staff/S1")
        // new: no supervision due
        log.append(StaffJoined(joinedOn: d("2020-03-01"), role: .homeCareWorker, team: "barrhead"), to: "staff/S2")
        log.append(TrainingCompleted(course: .induction, completedOn: d("2020-03-02")), to: "staff/S2")
        log.append(StaffJoined(joinedOn: d("2019-01-01"), role: .administrator, team: "barrhead"), to: "staff/S3")
        log.append(StaffJoined(joinedOn: d("2019-01-01"), role: .homeCareWorker, team: "barrhead"), to: "staff/S4")
        log.append(StaffLeft(leftOn: d("2020-02-01"), reason: .resigned), to: "staff/S4")
        let m = try log.run(Compliance.self, q1).service
        #expect(ratio(m.trainingCurrent) == [0, 2])
        #expect(m.trainingByCourse.first { $0.course == .induction }.map { ratio($0.current) } == [2, 2])
        #expect(m.trainingByCourse.first { $0.course == .medication }.map { ratio($0.current) } == [0, 2])
        #expect(ratio(m.supervisionWithinInterval) == [1, 1])
        #expect(ratio(m.ssscRegistrationCurrent) == [1, 2])
    }

    @Test func supervisionOlderThanTheIntervalIsNotCurrent() throws {
        let log = TestLog()
        log.append(StaffJoined(joinedOn: d("2019-01-01"), role: .homeCareWorker, team: "barrhead"), to: "staff/S1")
        // 91 days
        log.append(SupervisionHeld(heldOn: d("2019-12-31"), kind: .office, supervisorId: "S9"), to: "staff/S1")
        #expect(ratio(try log.run(Compliance.self, q1).service.supervisionWithinInterval) == [0, 1])
    }

    // MARK: Indicator values, replay, rebuild

    @Test func everyIndicatorMeasureHasAValueAndEmptyMeansNoData() throws {
        let empty = try TestLog().run(Compliance.self, q1)
        for measure in ComplianceMeasure.allCases {
            #expect(empty.value(of: measure) == nil, "\(measure) should be no data")
            #expect(empty.service.indicatorValue(of: measure) == nil)
        }
        let log = mixedLog()
        let output = try log.run(Compliance.self, q1)
        let m = output.service
        let expected: [ComplianceMeasure: ComplianceRatio] = [
            .plansWithin28Days: m.plansWithinDeadline, .reviewsWithinSixMonths: m.reviewsWithinInterval,
            .visitsVerifiedElectronically: m.visitsVerifiedElectronically, .visitsOnTime: m.visitsOnTime,
            .missedVisits: m.missedVisits, .marEntriesWithOutcome: m.marEntriesWithOutcome,
            .missedMedications: m.missedMedications,
            .medicationErrors: ComplianceRatio(
                numerator: m.medicationErrors, denominator: m.marEntriesWithOutcome.denominator),
            .complaintsStage1OnTime: m.complaintsStage1OnTime,
            .complaintsStage2AcknowledgedOnTime: m.complaintsStage2AcknowledgedOnTime,
            .complaintsStage2OnTime: m.complaintsStage2OnTime, .notificationsOnTime: m.notificationsOnTime,
            .trainingCurrent: m.trainingCurrent, .supervisionWithinInterval: m.supervisionWithinInterval,
            .ssscRegistrationCurrent: m.ssscRegistrationCurrent,
        ]
        for measure in ComplianceMeasure.allCases {
            let value = output.value(of: measure)
            #expect(value.map { [$0.numerator, $0.denominator] } == expected[measure].map(ratio), "\(measure)")
            #expect(value != nil, "\(measure) has data in the mixed log")
        }
        #expect(output.service.indicatorValue(of: .visitsOnTime) == 50)
    }

    @Test func aPastComplianceReportIsUnchangedByLaterCorrections() throws {
        let log = mixedLog()
        let then = try log.store.checkpoint().sequence
        let before = try log.run(
            Compliance.self, params("2020-03-31", from: "2020-01-01", to: "2020-03-31", knownAt: .sequence(then)))
        log.void(1, in: "person/P1")
        log.correct(
            then, in: "staff/S1",
            with: SupervisionHeld(heldOn: d("2019-01-01"), kind: .field, supervisorId: "S9").careEvent)
        let replayed = try log.run(
            Compliance.self, params("2020-03-31", from: "2020-01-01", to: "2020-03-31", knownAt: .sequence(then)))
        #expect(replayed == before)
        #expect(try log.run(Compliance.self, q1) != before)
    }

    @Test func incrementalFoldingEqualsRebuild() throws {
        let log = mixedLog()
        let rebuilt = try log.run(Compliance.self, q1)
        let (context, events) = try log.resolvedEvents(for: Compliance.self, q1)
        #expect(fold(Compliance.self, context: context, events: events, batchSizes: [events.count]) == rebuilt)
        #expect(
            fold(
                Compliance.self, context: context, events: events, batchSizes: Array(repeating: 1, count: events.count))
                == rebuilt)
        var rng = SplitMix64(seed: 42)
        for _ in 0..<5 {
            let sizes = (0..<events.count).map { _ in Int.random(in: 1...6, using: &rng) }
            #expect(fold(Compliance.self, context: context, events: events, batchSizes: sizes) == rebuilt)
        }
        #expect(ratio(rebuilt.service.visitsOnTime) == [1, 2])
    }

    /// A log touching every measure in Q1 2020, ending with a supervision (its last event).
    func mixedLog() -> TestLog {
        let log = TestLog()
        log.append(started("2020-01-06", team: "barrhead"), to: "person/P1")
        log.append(plan("2020-01-20"), to: "person/P1")
        log.append(started("2019-08-01", team: "giffnock"), to: "person/P2")
        log.append(plan("2019-08-31"), to: "person/P2")
        log.append(review("2020-02-28"), to: "person/P2")
        log.append(scheduled("P1", at: "2020-03-02T09:00:00Z"), to: "visit/V1")
        log.append(checkIn("2020-03-02T09:10:00Z"), to: "visit/V1")
        log.append(checkOut("2020-03-02T09:40:00Z"), to: "visit/V1")
        log.append(scheduled("P2", at: "2020-03-02T09:00:00Z"), to: "visit/V2")
        let late = log.append(checkIn("2020-03-02T09:20:00Z", .manual), to: "visit/V2")
        log.correct(late, in: "visit/V2", with: checkIn("2020-03-02T09:50:00Z", .manual).careEvent)
        log.append(scheduled("P2", at: "2020-03-03T09:00:00Z"), to: "visit/V3")
        log.append(
            VisitMissed(detectedAt: t("2020-03-03T11:00:00Z"), reason: .carerDidNotAttend, personInformed: true),
            to: "visit/V3")
        log.append(mar("2020-03-02T09:00:00Z", .administered), to: "medication/P1")
        log.append(mar("2020-03-02T13:00:00Z", .missed), to: "medication/P2")
        log.append(
            MedicationErrorRecorded(
                errorId: "E1", discoveredAt: t("2020-03-02T18:00:00Z"), stage: .administering, kind: .omission,
                nearMiss: false, harm: .none, controlledDrug: false), to: "medication/P2")
        log.append(complaint("2020-02-03", person: "P1"), to: "complaint/C1")
        log.append(
            ComplaintStage1Responded(
                respondedOn: d("2020-02-07"), outcomes: [ComplaintPointResult(pointId: "1", outcome: .upheld)]),
            to: "complaint/C1")
        log.append(complaint("2020-02-10", startsAt: .stage2, person: "P2"), to: "complaint/C2")
        log.append(ComplaintAcknowledged(acknowledgedOn: d("2020-02-11")), to: "complaint/C2")
        log.append(
            notification(aware: "2020-03-02T10:00:00Z", submitted: "2020-03-02T12:00:00Z", person: "P2"),
            to: "notification/N1")
        log.append(StaffJoined(joinedOn: d("2019-01-01"), role: .homeCareWorker, team: "barrhead"), to: "staff/S1")
        log.append(TrainingCompleted(course: .induction, completedOn: d("2019-01-02")), to: "staff/S1")
        log.append(SSSCRegistrationRecorded(registeredOn: d("2019-02-01"), expiresOn: d("2024-02-01")), to: "staff/S1")
        log.append(SupervisionHeld(heldOn: d("2020-03-01"), kind: .field, supervisorId: "S9"), to: "staff/S1")
        return log
    }
}
