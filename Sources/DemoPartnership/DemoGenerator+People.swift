import CareCalendar
import CareRecord
import EventLog

extension DemoGenerator {
    /// Starts today's newcomers (recorded at 05:30, before the day's rota).
    func startPeople() {
        for index in startsByDay.removeValue(forKey: today.daysSinceEpoch) ?? [] {
            let person = people[index]
            let organiser = teamOrganiser[person.team]
            emit(
                ServiceStarted(
                    firstServiceOn: today, model: person.model, plannedHoursPerWeek: plannedHours(person),
                    team: DemoCatalogue.teams[person.team].id, locality: DemoCatalogue.teams[person.team].locality,
                    careCoordinatorId: staff[organiser].id),
                stream: person.stream, occurredAt: now(5 * 60 + 30), actor: organiserActor(team: person.team))
            counts.peopleStarted += 1
            people[index].started = true
            active.append(index)
            active.sort()
            // The plan: mostly within 28 days, some late, a few never.
            let roll = rng.unit()
            if roll < 0.88 {
                schedule(today.adding(days: rng.int(3...27))) { $0.preparePlan(index) }
            } else if roll < 0.96 {
                schedule(today.adding(days: rng.int(29...55))) { $0.preparePlan(index) }
            }
            if let ends = person.endsOn { schedule(ends) { $0.endService(index) } }
        }
    }

    /// Prepares the person's first plan today, then plans the six-monthly review from it.
    func preparePlan(_ index: Int) {
        guard !people[index].ended else { return }
        let time = now(rng.int(10 * 60...16 * 60))
        emitPlan(index, on: today, occurredAt: time, recordedAt: time, actor: organiserActor(team: people[index].team))
        schedule(today.adding(days: rng.int(0...3))) { g in
            guard !g.people[index].ended else { return }
            g.emit(
                PersonalPlanMadeAvailable(
                    madeAvailableOn: g.today, recipients: g.rng.chance(0.7) ? [.person] : [.person, .representative]),
                stream: g.people[index].stream, occurredAt: g.now(16 * 60 + 30),
                actor: g.organiserActor(team: g.people[index].team))
        }
        planSixMonthlyReview(index, from: today)
    }

    func emitPlan(_ index: Int, on date: CareDate, occurredAt: Timestamp, recordedAt: Timestamp, actor: String) {
        let person = people[index]
        var tasks = ["personal-care", "meal-preparation"]
        if person.medicationSupport != .none { tasks.append("medication") }
        emit(
            PersonalPlanPrepared(
                preparedOn: date, outcomes: ["Remain safely at home", "Maintain personal care and hygiene"],
                tasks: tasks, medicationSupport: person.medicationSupport, riskAssessmentCompleted: rng.chance(0.95),
                consulted: rng.chance(0.6) ? [.person, .family] : [.person],
                preparedBy: staff[teamOrganiser[person.team]].id),
            stream: person.stream, occurredAt: occurredAt, recordedAt: recordedAt, actor: actor)
        counts.plansPrepared += 1
        if date <= person.firstServiceOn.adding(days: 28) { counts.plansWithin28Days += 1 }
    }

    /// Plans the next six-monthly review: mostly before it falls due, some late, a few never.
    func planSixMonthlyReview(_ index: Int, from base: CareDate) {
        let due = base.adding(months: 6)
        let roll = rng.unit()
        var date: CareDate
        if roll < 0.84 {
            date = due.adding(days: -rng.int(0...28))
        } else if roll < 0.96 {
            date = due.adding(days: rng.int(5...45))
        } else {
            return
        }
        // Overdue at the start of the period: the catch-up is held in its first weeks.
        if date < configuration.startDate { date = configuration.startDate.adding(days: rng.int(10...60)) }
        schedule(date) { $0.holdReview(index, trigger: .sixMonthly) }
    }

    /// Holds a review today (postponed a week while the person is in hospital).
    func holdReview(_ index: Int, trigger: ReviewTrigger) {
        let person = people[index]
        guard !person.ended else { return }
        if person.inHospital {
            schedule(today.adding(days: 7)) { $0.holdReview(index, trigger: trigger) }
            return
        }
        let revise = rng.chance(0.25)
        let officer = reviewingOfficers[index % reviewingOfficers.count]
        let time = now(rng.int(10 * 60...15 * 60))
        emit(
            ReviewHeld(
                heldOn: today,
                participants: rng.chance(0.5) ? [.person, .reviewingOfficer] : [.person, .family, .reviewingOfficer],
                outcome: revise ? .revisePlan : .continueAsPlanned, trigger: trigger, reviewedBy: staff[officer].id),
            stream: person.stream, occurredAt: time, actor: staffActor(officer))
        counts.reviewsHeld += 1
        if revise {
            emit(
                PersonalPlanRevised(
                    revisedOn: today, changes: [rng.chance(0.5) ? .visitPattern : .tasks],
                    consulted: [.person], revisedBy: staff[teamOrganiser[person.team]].id),
                stream: person.stream, occurredAt: time.adding(milliseconds: 3_600_000),
                actor: organiserActor(team: person.team))
            counts.planRevisions += 1
            let revisedOn = today
            schedule(today.adding(days: rng.int(1...5))) { g in
                guard !g.people[index].ended else { return }
                g.emit(
                    PlanRevisionNotified(notifiedOn: g.today, revisedOn: revisedOn, recipients: [.person]),
                    stream: g.people[index].stream, occurredAt: g.now(11 * 60),
                    actor: g.organiserActor(team: g.people[index].team))
            }
        }
        if trigger == .sixMonthly { planSixMonthlyReview(index, from: today) }
    }

    /// Ends the person's service today. A death is found in the morning (no visits that day)
    /// and is a notifiable incident; other endings follow the day's last visit.
    func endService(_ index: Int) {
        guard !people[index].ended, let reason = people[index].endReason else { return }
        let person = people[index]
        if reason == .died {
            let died = now(rng.int(3 * 60...6 * 60))
            let aware = now(rng.int(7 * 60 + 30...9 * 60))
            let incident = recordIncident(
                kind: .death, person: index, occurredAt: died, becameAwareAt: aware, harm: .death, notifiable: true,
                category: .death)
            _ = incident
            counts.deaths += 1
        }
        emit(
            ServiceEnded(endedOn: today, reason: reason), stream: person.stream,
            occurredAt: now(reason == .died ? 12 * 60 : 23 * 60 + 30), actor: organiserActor(team: person.team))
        counts.peopleEnded += 1
        people[index].ended = true
        active.removeAll { $0 == index }
    }

    /// Today's events for everyone receiving a service: hospital stays, review requests,
    /// incidents, complaints and visits.
    func simulatePeople() {
        for index in active {
            let person = people[index]
            if person.ended || person.inHospital { continue }
            if person.endReason == .died, person.endsOn == today { continue }
            var admittedAt: Int?
            if person.model != .reablement, person.endsOn != today, rng.chance(0.0005) {
                let minute = rng.int(9 * 60 + 30...11 * 60 + 30)
                admittedAt = minute
                admitToHospital(index, minute: minute)
            }
            if rng.chance(0.0003) {
                emit(
                    ReviewRequested(
                        requestedOn: today,
                        requestedBy: [ReviewRequester.family, .socialWorker, .person][rng.int(0...2)]),
                    stream: person.stream, occurredAt: now(rng.int(9 * 60...16 * 60)),
                    actor: organiserActor(team: person.team))
                counts.reviewRequests += 1
                schedule(today.adding(days: rng.chance(0.85) ? rng.int(5...27) : rng.int(30...50))) {
                    $0.holdReview(index, trigger: .request)
                }
            }
            if today < configuration.endDate.adding(days: -5) { maybeIncident(index) }
            scheduleVisits(index, cutOffAt: admittedAt)
        }
        maybeComplaint()
    }

    /// Admits the person to hospital at `minute`; discharge follows in 3–20 days.
    private func admitToHospital(_ index: Int, minute: Int) {
        let person = people[index]
        emit(
            HospitalAdmissionRecorded(admittedOn: today, planned: rng.chance(0.2)), stream: person.stream,
            occurredAt: now(minute), actor: organiserActor(team: person.team))
        counts.hospitalAdmissions += 1
        people[index].inHospital = true
        let discharge = today.adding(days: rng.int(3...20))
        if let ends = person.endsOn, ends <= discharge {
            // The service ends while they are in hospital; visits are not resumed.
            return
        }
        schedule(discharge) { g in
            guard !g.people[index].ended else { return }
            g.schedule(g.today.adding(days: 1)) { $0.people[index].inHospital = false }
            let p = g.people[index]
            g.emit(
                HospitalDischargeRecorded(dischargedOn: g.today, serviceResumesOn: g.today.adding(days: 1)),
                stream: p.stream, occurredAt: g.now(14 * 60), actor: g.organiserActor(team: p.team))
            if g.rng.chance(0.4) {
                g.emit(
                    SignificantChangeRecorded(identifiedOn: g.today, areas: [.health]), stream: p.stream,
                    occurredAt: g.now(15 * 60), actor: g.organiserActor(team: p.team))
                g.counts.significantChanges += 1
                g.schedule(g.today.adding(days: g.rng.chance(0.85) ? g.rng.int(5...27) : g.rng.int(30...45))) {
                    $0.holdReview(index, trigger: .significantChange)
                }
            }
        }
    }
}
