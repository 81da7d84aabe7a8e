import CareCalendar
import CareRecord
import EventLog

extension DemoGenerator {
    /// Perhaps a complaint today (about 4 a year per 100 people receiving a service).
    func maybeComplaint() {
        guard !active.isEmpty, today < configuration.endDate.adding(days: -3),
            rng.chance(Double(active.count) * 0.04 / 365)
        else { return }
        let index = active[rng.int(0...(active.count - 1))]
        let person = people[index]
        let id = "C" + String(today.year) + "-" + Self.padded(nextComplaint, 4)
        nextComplaint += 1
        let stream = Self.stream(.complaint, id)
        let complexFromOutset = rng.chance(0.08)
        let points = (1...rng.int(1...3)).map { ComplaintPoint(pointId: "P\($0)") }
        let received = today
        emit(
            ComplaintReceived(
                receivedOn: received, channel: [ComplaintChannel.phone, .email, .letter, .online][rng.int(0...3)],
                category: [
                    ComplaintCategory.lateOrMissedVisit, .qualityOfCare, .staffConduct, .communication,
                    .continuityOfCarers,
                ][
                    rng.weighted([0.35, 0.25, 0.1, 0.15, 0.15])],
                complainant: rng.chance(0.6) ? .relative : .personUsingService, consentObtained: true,
                personId: person.id,
                team: DemoCatalogue.teams[person.team].id, points: points,
                startsAt: complexFromOutset ? .stage2 : .stage1),
            stream: stream, occurredAt: now(rng.int(10 * 60...16 * 60)), actor: staffActor(teamManager[person.team]))
        counts.complaintsReceived += 1
        let handler = teamManager[person.team]
        if complexFromOutset {
            startStage2(stream: stream, on: received, points: points, handler: handler)
            return
        }
        schedule(calendar.addingWorkingDays(rng.int(1...2), to: received)) { g in
            g.emit(
                ComplaintAcknowledged(acknowledgedOn: g.today), stream: stream, occurredAt: g.now(11 * 60),
                actor: g.staffActor(handler))
        }
        if rng.chance(0.03) {
            schedule(calendar.addingWorkingDays(3, to: received)) { g in
                g.emit(
                    ComplaintWithdrawn(withdrawnOn: g.today), stream: stream, occurredAt: g.now(12 * 60),
                    actor: g.staffActor(handler))
                g.counts.complaintsWithdrawn += 1
            }
            return
        }
        let roll = rng.unit()
        let respondOn: CareDate
        var onTime = true
        if roll < 0.78 {
            respondOn = calendar.addingWorkingDays(rng.int(2...5), to: received)
        } else if roll < 0.88 {
            let agreed = calendar.addingWorkingDays(3, to: received)
            let newDue = calendar.addingWorkingDays(10, to: received)
            respondOn = calendar.addingWorkingDays(rng.int(6...10), to: received)
            schedule(agreed) { g in
                g.emit(
                    ComplaintExtensionAgreed(
                        stage: .stage1, agreedOn: g.today, newDueOn: newDue, reason: .complexity,
                        agreedWithComplainant: true),
                    stream: stream, occurredAt: g.now(15 * 60), actor: g.staffActor(handler))
                g.counts.complaintsStage1Extended += 1
            }
        } else {
            respondOn = calendar.addingWorkingDays(rng.int(6...12), to: received)
            onTime = false
        }
        schedule(respondOn) { g in
            g.emit(
                ComplaintStage1Responded(
                    respondedOn: g.today,
                    outcomes: points.map { ComplaintPointResult(pointId: $0.pointId, outcome: g.outcome()) }),
                stream: stream, occurredAt: g.now(16 * 60), actor: g.staffActor(handler))
            g.counts.complaintsStage1Responded += 1
            if onTime { g.counts.complaintsStage1OnTime += 1 }
            if g.rng.chance(0.18) {
                let escalateOn = g.today.adding(days: g.rng.int(5...20))
                g.schedule(escalateOn) { h in
                    h.emit(
                        ComplaintEscalatedToStage2(escalatedOn: h.today, route: .complainantDissatisfied),
                        stream: stream, occurredAt: h.now(10 * 60), actor: h.staffActor(handler))
                    h.startStage2(stream: stream, on: h.today, points: points, handler: handler)
                }
            } else {
                g.close(stream, after: g.today, handler: handler)
            }
        }
    }

    /// Stage 2: acknowledged within 3 working days (mostly), answered within 20 (mostly).
    func startStage2(stream: StreamName, on start: CareDate, points: [ComplaintPoint], handler: Int) {
        counts.complaintsStage2 += 1
        let ackOnTime = rng.chance(0.9)
        schedule(calendar.addingWorkingDays(ackOnTime ? rng.int(1...3) : rng.int(4...6), to: start)) { g in
            g.emit(
                ComplaintStage2Acknowledged(acknowledgedOn: g.today), stream: stream, occurredAt: g.now(11 * 60),
                actor: g.staffActor(handler))
            if ackOnTime { g.counts.complaintsStage2AcknowledgedOnTime += 1 }
        }
        let onTime = rng.chance(0.75)
        let respondOn = calendar.addingWorkingDays(onTime ? rng.int(10...20) : rng.int(21...35), to: start)
        schedule(respondOn) { g in
            g.emit(
                ComplaintStage2Responded(
                    respondedOn: g.today,
                    outcomes: points.map { ComplaintPointResult(pointId: $0.pointId, outcome: g.outcome()) },
                    spsoSignposted: true),
                stream: stream, occurredAt: g.now(16 * 60), actor: g.staffActor(handler))
            g.counts.complaintsStage2Responded += 1
            if onTime { g.counts.complaintsStage2OnTime += 1 }
            if g.rng.chance(0.15) {
                g.schedule(g.today.adding(days: g.rng.int(20...40))) { h in
                    h.emit(
                        ComplaintReferred(referredOn: h.today, to: .spso), stream: stream, occurredAt: h.now(12 * 60),
                        actor: h.staffActor(handler))
                    h.counts.complaintsReferred += 1
                }
            }
            g.close(stream, after: g.today, handler: handler)
        }
    }

    private func close(_ stream: StreamName, after date: CareDate, handler: Int) {
        schedule(date.adding(days: rng.int(1...3))) { g in
            g.emit(
                ComplaintClosed(closedOn: g.today), stream: stream, occurredAt: g.now(17 * 60),
                actor: g.staffActor(handler))
            g.counts.complaintsClosed += 1
        }
    }

    func outcome() -> ComplaintPointOutcome {
        [ComplaintPointOutcome.upheld, .partiallyUpheld, .notUpheld, .resolved][rng.weighted([0.3, 0.2, 0.35, 0.15])]
    }
}
