import CareCalendar
import CareRecord
import EventLog

extension DemoGenerator {
    /// The first day: rules, the improvement programme, staff and the people already receiving a
    /// service, recorded before the day's first visits (05:00); then the plan for newcomers.
    func setUp() {
        let setupTime = now(5 * 60)
        var rules = RulesAdopted(
            effectiveFrom: configuration.startDate, label: "Demo partnership care at home contract rules")
        rules.notificationDeadlines = [
            NotificationDeadline(category: .death, hours: 24, confirmed: false),
            NotificationDeadline(category: .controlledDrugAdverseEvent, hours: 24, confirmed: false),
        ]
        emit(rules, stream: Self.stream(.rules, "demo-contract"), occurredAt: setupTime, actor: "system/demo")
        counts.rulesAdopted += 1
        defineProgramme(at: setupTime)
        hireInitialStaff(at: setupTime)
        planPeople(at: setupTime)
    }

    private func defineProgramme(at time: Timestamp) {
        let stream = Self.stream(.programme, DemoCatalogue.programmeID)
        let actor = "system/demo"
        emit(
            ProgrammeDefined(
                title: DemoCatalogue.programmeTitle, startsOn: configuration.startDate, endsOn: configuration.lastDay,
                sponsor: "Chief Officer"),
            stream: stream, occurredAt: time, actor: actor)
        counts.programmes += 1
        for workstream in DemoCatalogue.workstreams {
            emit(
                WorkstreamDefined(workstreamId: workstream.id, number: workstream.number, title: workstream.title),
                stream: stream, occurredAt: time, actor: actor)
            counts.workstreams += 1
            for (order, activity) in workstream.activities.enumerated() {
                emit(
                    ActivityDefined(
                        activityId: activity.id, workstreamId: workstream.id, title: activity.title, order: order + 1,
                        indicator: activity.indicator),
                    stream: stream, occurredAt: time, actor: actor)
                counts.activities += 1
            }
        }
    }

    private func hireInitialStaff(at time: Timestamp) {
        let people = configuration.people
        counts.teams = DemoCatalogue.teams.count
        teamCarers = Array(repeating: [], count: DemoCatalogue.teams.count)
        teamOrganiser = Array(repeating: 0, count: DemoCatalogue.teams.count)
        teamManager = Array(repeating: 0, count: DemoCatalogue.teams.count)
        for (team, spec) in DemoCatalogue.teams.enumerated() {
            let carers = max(3, Int((Double(people) * spec.share / 6.0).rounded(.up)))
            teamManager[team] = addStaff(role: .manager, team: team, existingAt: time)
            teamOrganiser[team] = addStaff(role: .organiser, team: team, existingAt: time)
            for _ in 0..<max(1, carers / 12) { _ = addStaff(role: .seniorHomeCareWorker, team: team, existingAt: time) }
            _ = addStaff(role: .responder, team: team, existingAt: time)
            for _ in 0..<carers {
                teamCarers[team].append(addStaff(role: .homeCareWorker, team: team, existingAt: time))
            }
        }
        for _ in 0..<max(1, people / 300) {
            reviewingOfficers.append(addStaff(role: .reviewingOfficer, team: 0, existingAt: time))
        }
        _ = addStaff(role: .administrator, team: 0, existingAt: time)
    }

    /// Adds a member of staff. With `existingAt`, they were employed before the period and
    /// their employment, training, supervision and registration are recorded at that instant;
    /// otherwise they join today.
    func addStaff(role: StaffRole, team: Int, existingAt: Timestamp?) -> Int {
        let index = staff.count
        let id = "S" + Self.padded(index + 1, 4)
        let joinedOn = existingAt == nil ? today : configuration.startDate.adding(days: -rng.int(60...3650))
        let member = DemoStaff(
            index: index, id: id, stream: Self.stream(.staff, id), role: role, team: team, joinedOn: joinedOn,
            overdueProne: rng.chance(0.12))
        staff.append(member)
        let hours: Double = [16, 20, 25, 30, 35][rng.int(0...4)]
        // A new member of staff is recorded as joining before the day's first visit (05:00), so
        // no visit names them before their StaffJoined.
        let joinTime = existingAt ?? now(5 * 60)
        emit(
            StaffJoined(
                joinedOn: joinedOn, role: role, team: DemoCatalogue.teams[team].id, contractedHoursPerWeek: hours),
            stream: member.stream, occurredAt: existingAt == nil ? joinTime : at(joinedOn, 9 * 60),
            recordedAt: joinTime,
            actor: "system/hr")
        counts.staffJoined += 1
        planTraining(index, existingAt: existingAt)
        planSSSCRegistration(index, existingAt: existingAt)
        planSupervision(index, existingAt: existingAt)
        return index
    }

    /// Plans every person: about one in seven already receive a service (recorded now, with their
    /// plan and last review); the rest start on days spread over the period.
    private func planPeople(at time: Timestamp) {
        let start = configuration.startDate
        let periodDays = start.days(until: configuration.endDate)
        for index in 0..<configuration.people {
            let existing = rng.chance(0.15)
            let team = rng.weighted(DemoCatalogue.teams.map(\.share))
            let model: ServiceModel
            if existing {
                model = rng.chance(0.85) ? .timeAndTask : .personalBudget
            } else {
                model = [ServiceModel.reablement, .timeAndTask, .personalBudget][rng.weighted([0.40, 0.50, 0.10])]
            }
            let firstServiceOn =
                existing
                ? start.adding(days: -rng.int(20...1500))
                : start.adding(days: rng.int(1...max(1, periodDays - 8)))
            var person = makePerson(
                index: index, team: team, model: model, firstServiceOn: firstServiceOn, existing: existing)
            decideEnd(&person)
            people.append(person)
            if existing {
                migrate(index, at: time)
            } else {
                startsByDay[firstServiceOn.daysSinceEpoch, default: []].append(index)
            }
        }
    }

    private func makePerson(index: Int, team: Int, model: ServiceModel, firstServiceOn: CareDate, existing: Bool)
        -> DemoPerson
    {
        let id = "P" + Self.padded(index + 1, 5)
        let visitsPerDay = [1, 2, 3, 4][rng.weighted([0.30, 0.42, 0.20, 0.08])]
        let pattern: [(Int, Int)]
        switch visitsPerDay {
        case 1: pattern = [(9 * 60, 45)]
        case 2: pattern = [(8 * 60, 45), (17 * 60 + 30, 30)]
        case 3: pattern = [(8 * 60, 45), (12 * 60 + 30, 30), (17 * 60 + 30, 30)]
        default: pattern = [(8 * 60, 45), (12 * 60 + 30, 30), (17 * 60, 30), (20 * 60 + 30, 15)]
        }
        let shift = rng.int(-2...2) * 15
        let slots = pattern.map {
            DemoPerson.Slot(minuteOfDay: $0.0 + shift, plannedMinutes: max(15, $0.1 + rng.int(-1...1) * 15))
        }
        var medicines: [DemoPerson.Medicine] = []
        var support = MedicationSupportLevel.none
        if rng.chance(0.38) {
            support = [MedicationSupportLevel.prompt, .assist, .administer][rng.weighted([0.5, 0.3, 0.2])]
            var used = Set<Int>()
            for _ in 0..<rng.int(1...3) {
                var pick = rng.int(0...(DemoCatalogue.medicines.count - 1))
                if DemoCatalogue.medicines[pick].controlled, !rng.chance(0.4) { pick = rng.int(0...9) }
                guard used.insert(pick).inserted else { continue }
                let times = min(slots.count, rng.weighted([0.6, 0.3, 0.1]) + 1)
                let chosen = times >= slots.count ? Array(0..<slots.count) : (times == 1 ? [0] : [0, slots.count - 1])
                medicines.append(DemoPerson.Medicine(medicine: DemoCatalogue.medicines[pick], slots: chosen))
            }
        }
        return DemoPerson(
            index: index, id: id, stream: Self.stream(.person, id), medicationStream: Self.stream(.medication, id),
            team: team, model: model, firstServiceOn: firstServiceOn, alreadyReceivingService: existing,
            slots: slots, medicines: medicines, medicationSupport: support,
            timeCritical: support == .administer && rng.chance(0.3), carerOffset: rng.int(0...10_000))
    }

    /// Decides whether and how the person's service ends within the period.
    private func decideEnd(_ person: inout DemoPerson) {
        let start = max(person.firstServiceOn, configuration.startDate)
        if person.model == .reablement {
            person.endsOn = person.firstServiceOn.adding(days: rng.int(28...42))
            person.endReason = rng.chance(0.8) ? .noLongerNeeded : .movedProvider
        } else {
            // About 2.5% a month end: died, care home, long hospital stay, moved.
            var day = start.adding(days: 7)
            while day < configuration.endDate {
                if rng.chance(0.025) {
                    person.endsOn = day.adding(days: rng.int(0...29))
                    person.endReason =
                        [ServiceEndReason.died, .movedToCareHome, .longStayHospital, .noLongerNeeded, .movedAway][
                            rng.weighted([0.35, 0.35, 0.1, 0.1, 0.1])]
                    break
                }
                day = day.adding(days: 30)
            }
        }
        if let ends = person.endsOn, ends >= configuration.endDate.adding(days: -3) {
            person.endsOn = nil
            person.endReason = nil
        }
    }

    /// Records a person already receiving the service: service start, plan and last review (in
    /// the past), then plans their next review.
    private func migrate(_ index: Int, at time: Timestamp) {
        let person = people[index]
        let organiser = teamOrganiser[person.team]
        emit(
            ServiceStarted(
                firstServiceOn: person.firstServiceOn, model: person.model,
                plannedHoursPerWeek: plannedHours(person), team: DemoCatalogue.teams[person.team].id,
                locality: DemoCatalogue.teams[person.team].locality, careCoordinatorId: staff[organiser].id),
            stream: person.stream, occurredAt: at(person.firstServiceOn, 9 * 60), recordedAt: time,
            actor: "system/migration")
        counts.peopleStarted += 1
        counts.peopleAlreadyReceivingService += 1
        people[index].started = true
        active.append(index)
        var lastReviewBase: CareDate?
        if rng.chance(0.97) {
            let planOn = person.firstServiceOn.adding(days: rng.chance(0.9) ? rng.int(5...27) : rng.int(29...60))
            if planOn < configuration.startDate {
                emitPlan(
                    index, on: planOn, occurredAt: at(planOn, 11 * 60), recordedAt: time, actor: "system/migration")
                lastReviewBase = planOn
                // The last six-monthly review, if one has fallen due since the plan.
                let sinceStart = planOn.days(until: configuration.startDate)
                if sinceStart > 150 {
                    let back = rng.chance(0.1) ? rng.int(190...260) : rng.int(5...170)
                    let heldOn = configuration.startDate.adding(days: -min(back, sinceStart - 1))
                    emit(
                        ReviewHeld(
                            heldOn: heldOn,
                            participants: [.person, .reviewingOfficer, rng.chance(0.5) ? .family : .carer],
                            outcome: .continueAsPlanned, trigger: .sixMonthly,
                            reviewedBy: staff[reviewingOfficers[0]].id),
                        stream: person.stream, occurredAt: at(heldOn, 14 * 60), recordedAt: time,
                        actor: "system/migration")
                    counts.reviewsHeld += 1
                    lastReviewBase = heldOn
                }
            } else {
                schedule(planOn) { $0.preparePlan(index) }
            }
        }
        if let base = lastReviewBase { planSixMonthlyReview(index, from: base) }
    }

    func plannedHours(_ person: DemoPerson) -> Double {
        Double(person.slots.reduce(0) { $0 + $1.plannedMinutes } * 7) / 60
    }
}
