import CareCalendar
import CareRecord
import EventLog

extension DemoGenerator {
    /// Training: staff employed before the period have each course on record (a few already
    /// lapsed); renewals mostly come before expiry, some late, some never. Newcomers do
    /// induction in their first fortnight and the rest within three months.
    func planTraining(_ index: Int, existingAt: Timestamp?) {
        let member = staff[index]
        for course in TrainingCourse.allCases {
            if let existingAt {
                let completedOn: CareDate
                if course == .induction {
                    completedOn = member.joinedOn.adding(days: rng.int(0...14))
                } else if rng.chance(0.05) {
                    completedOn = configuration.startDate.adding(months: -(DemoCatalogue.validityMonths(course) ?? 12))
                        .adding(days: -rng.int(1...90))
                } else {
                    let validDays = (DemoCatalogue.validityMonths(course) ?? 12) * 30
                    completedOn = max(
                        member.joinedOn, configuration.startDate.adding(days: -rng.int(1...(validDays - 1))))
                }
                recordTraining(
                    index, course: course, completedOn: completedOn, occurredAt: at(completedOn, 15 * 60),
                    recordedAt: existingAt)
            } else {
                let days = course == .induction ? rng.int(1...10) : rng.int(20...90)
                schedule(today.adding(days: days)) { g in
                    guard !g.staff[index].left else { return }
                    g.recordTraining(
                        index, course: course, completedOn: g.today, occurredAt: g.now(15 * 60), recordedAt: nil)
                }
            }
        }
    }

    func recordTraining(
        _ index: Int, course: TrainingCourse, completedOn: CareDate, occurredAt: Timestamp, recordedAt: Timestamp?
    ) {
        let expires = DemoCatalogue.validityMonths(course).map { completedOn.adding(months: $0) }
        emit(
            TrainingCompleted(course: course, completedOn: completedOn, expiresOn: expires),
            stream: staff[index].stream,
            occurredAt: occurredAt, recordedAt: recordedAt, actor: "system/learning")
        counts.trainingRecords += 1
        guard let expires, expires < configuration.endDate.adding(days: 28) else { return }
        let roll = rng.unit()
        let renewOn: CareDate
        if roll < 0.85 {
            renewOn = max(expires.adding(days: -rng.int(1...28)), configuration.startDate.adding(days: rng.int(5...40)))
        } else if roll < 0.93 {
            renewOn = max(
                expires.adding(days: rng.int(14...90)), configuration.startDate.adding(days: rng.int(10...60)))
        } else {
            return
        }
        schedule(renewOn) { g in
            guard !g.staff[index].left else { return }
            g.recordTraining(index, course: course, completedOn: g.today, occurredAt: g.now(15 * 60), recordedAt: nil)
        }
    }

    /// SSSC registration within months of joining, renewed every five years; a few never register.
    func planSSSCRegistration(_ index: Int, existingAt: Timestamp?) {
        let member = staff[index]
        guard member.isCareRole, rng.chance(0.97) else { return }
        var registeredOn = member.joinedOn.adding(days: rng.int(30...150))
        while registeredOn.adding(years: 5) <= configuration.startDate { registeredOn = registeredOn.adding(years: 5) }
        if let existingAt, registeredOn < configuration.startDate {
            recordRegistration(index, on: registeredOn, occurredAt: at(registeredOn, 12 * 60), recordedAt: existingAt)
        } else {
            schedule(registeredOn) { g in
                guard !g.staff[index].left else { return }
                g.recordRegistration(index, on: g.today, occurredAt: g.now(12 * 60), recordedAt: nil)
            }
        }
    }

    private func recordRegistration(_ index: Int, on date: CareDate, occurredAt: Timestamp, recordedAt: Timestamp?) {
        emit(
            SSSCRegistrationRecorded(
                registeredOn: date, expiresOn: date.adding(years: 5),
                registerPart: "Support Worker in a Care at Home Service"),
            stream: staff[index].stream, occurredAt: occurredAt, recordedAt: recordedAt, actor: "system/hr")
        counts.ssscRegistrations += 1
        let renewal = date.adding(years: 5).adding(days: -rng.int(1...30))
        schedule(renewal) { g in
            guard !g.staff[index].left else { return }
            g.recordRegistration(index, on: g.today, occurredAt: g.now(12 * 60), recordedAt: nil)
        }
    }

    /// Supervision every 8–12 weeks; for some staff it slips to 14–21 weeks.
    func planSupervision(_ index: Int, existingAt: Timestamp?) {
        guard staff[index].isCareRole else { return }
        if let existingAt {
            let last = configuration.startDate.adding(
                days: -(staff[index].overdueProne ? rng.int(60...150) : rng.int(1...80)))
            if last >= staff[index].joinedOn {
                recordSupervision(index, on: last, occurredAt: at(last, 10 * 60), recordedAt: existingAt)
                return
            }
        }
        schedule(today.adding(days: rng.int(28...42))) { g in g.superviseToday(index) }
    }

    private func superviseToday(_ index: Int) {
        guard !staff[index].left else { return }
        recordSupervision(index, on: today, occurredAt: now(rng.int(9 * 60...16 * 60)), recordedAt: nil)
    }

    private func recordSupervision(_ index: Int, on date: CareDate, occurredAt: Timestamp, recordedAt: Timestamp?) {
        let member = staff[index]
        let supervisor = member.role == .organiser ? teamManager[member.team] : teamOrganiser[member.team]
        emit(
            SupervisionHeld(heldOn: date, kind: rng.chance(0.5) ? .field : .office, supervisorId: staff[supervisor].id),
            stream: member.stream, occurredAt: occurredAt, recordedAt: recordedAt, actor: staffActor(supervisor))
        counts.supervisions += 1
        let interval = member.overdueProne && rng.chance(0.6) ? rng.int(100...150) : rng.int(56...84)
        schedule(date.adding(days: interval)) { g in g.superviseToday(index) }
    }

    /// Turnover among home care workers: a few leave each month and are replaced a few weeks later.
    func simulateStaff() {
        for team in 0..<teamCarers.count {
            var leaving: [Int] = []
            for carer in teamCarers[team] where rng.chance(0.14 / 365) { leaving.append(carer) }
            for carer in leaving where teamCarers[team].count > 2 {
                emit(
                    StaffLeft(leftOn: today, reason: rng.chance(0.8) ? .resigned : .retired),
                    stream: staff[carer].stream,
                    occurredAt: now(17 * 60), actor: "system/hr")
                counts.staffLeft += 1
                staff[carer].left = true
                teamCarers[team].removeAll { $0 == carer }
                schedule(today.adding(days: rng.int(14...40))) { g in
                    g.teamCarers[team].append(g.addStaff(role: .homeCareWorker, team: team, existingAt: nil))
                }
            }
        }
    }
}
