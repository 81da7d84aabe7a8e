import CareCalendar
import CareRecord
import EventLog

extension DemoGenerator {
    /// Schedules the person's visits for today (the rota is published at 06:00) and plays each
    /// one out: cancelled by the person, missed, or delivered (checked in and out electronically
    /// or by hand with an exception code, on time or late), with a MAR entry per medicine due.
    /// Visits after `cutOffAt` (a hospital admission) are cancelled.
    func scheduleVisits(_ index: Int, cutOffAt: Int?) {
        let person = people[index]
        let team = DemoCatalogue.teams[person.team]
        let carers = teamCarers[person.team]
        let organiser = organiserActor(team: person.team)
        for (slotIndex, slot) in person.slots.enumerated() {
            let visitID = "V" + Self.padded(nextVisit, 7)
            nextVisit += 1
            let stream = Self.stream(.visit, visitID)
            let plannedStart = now(slot.minuteOfDay)
            let medicines = person.medicines.filter { $0.slots.contains(slotIndex) }
            let timeCritical = person.timeCritical && !medicines.isEmpty
            let carersNeeded = slot.plannedMinutes >= 45 && rng.chance(0.25) ? 2 : 1
            emit(
                VisitScheduled(
                    personId: person.id, plannedStart: plannedStart, plannedMinutes: slot.plannedMinutes,
                    carersNeeded: carersNeeded, timeCritical: timeCritical,
                    tasks: medicines.isEmpty ? ["personal-care"] : ["personal-care", "medication"]),
                stream: stream, occurredAt: now(6 * 60), actor: "system/roster")
            counts.visitsScheduled += 1

            if let cutOffAt, slot.minuteOfDay > cutOffAt {
                cancel(stream, at: now(cutOffAt + 5), reason: .personInHospital, actor: organiser)
                continue
            }
            let roll = rng.unit()
            if roll < 0.02 {
                let minute = max(6 * 60 + 5, slot.minuteOfDay - rng.int(60...180))
                cancel(
                    stream, at: now(minute), reason: rng.chance(0.6) ? .personRequest : .familyProviding,
                    actor: organiser)
                continue
            }
            if roll < 0.0265 {
                let detected = now(slot.minuteOfDay + rng.int(125...150))
                emit(
                    VisitMissed(
                        detectedAt: detected,
                        reason: [MissedVisitReason.noCarerAvailable, .carerDidNotAttend, .schedulingError][
                            rng.weighted([0.5, 0.3, 0.2])],
                        personInformed: rng.chance(0.8)),
                    stream: stream, occurredAt: detected, actor: organiser)
                counts.visitsMissed += 1
                for medicine in medicines {
                    recordMAR(
                        person: index, medicine: medicine.medicine, scheduledFor: plannedStart, actualAt: nil,
                        outcome: .missed,
                        staffActor: organiser, staffId: staff[teamOrganiser[person.team]].id, visitID: visitID,
                        recordedAt: detected)
                }
                if rng.chance(0.2) {
                    _ = recordIncident(
                        kind: .missedCare, person: index, occurredAt: plannedStart, becameAwareAt: detected,
                        harm: HarmLevel.none,
                        notifiable: false, category: nil)
                }
                continue
            }
            deliver(
                index, stream: stream, visitID: visitID, slot: slot, plannedStart: plannedStart,
                timeCritical: timeCritical,
                carer: carers[(person.carerOffset + slotIndex) % carers.count], electronicRate: team.electronicRate,
                medicines: medicines)
        }
    }

    private func cancel(_ stream: StreamName, at time: Timestamp, reason: VisitCancellationReason, actor: String) {
        emit(
            VisitCancelled(cancelledAt: time, cancelledBy: .person, reason: reason), stream: stream, occurredAt: time,
            actor: actor)
        counts.visitsCancelledByPerson += 1
    }

    private func deliver(
        _ index: Int, stream: StreamName, visitID: String, slot: DemoPerson.Slot, plannedStart: Timestamp,
        timeCritical: Bool, carer: Int, electronicRate: Double, medicines: [DemoPerson.Medicine]
    ) {
        let lateness: Int
        let lateRoll = rng.unit()
        if lateRoll < 0.80 {
            lateness = rng.int(-10...14)
        } else if lateRoll < 0.93 {
            lateness = rng.int(15...29)
        } else {
            lateness = rng.int(31...75)
        }
        let electronic = rng.chance(electronicRate)
        let staffId = staff[carer].id
        let checkIn = plannedStart.adding(milliseconds: Int64(lateness) * 60_000)
        let length = max(5, slot.plannedMinutes + rng.int(-10...5))
        let checkOut = checkIn.adding(milliseconds: Int64(length) * 60_000)
        let method: CheckMethod = electronic ? .electronic : .manual
        let code = electronic ? nil : rng.pick(DemoCatalogue.exceptionCodes)
        let actor = electronic ? "system/ecm" : organiserActor(team: people[index].team)
        let manualDelay: Int64 = electronic ? 0 : Int64(rng.int(20...90)) * 60_000
        let checkInEvent = VisitCheckedIn(checkedInAt: checkIn, staffId: staffId, method: method, exceptionCode: code)
        var tag: PendingLine.Tag?
        if !correctionPlanned, dayIndex >= 9, electronic, (-5...10).contains(lateness) {
            correctionPlanned = true
            tag = .correctCheckIn(checkInEvent)
        }
        emit(
            checkInEvent, stream: stream, occurredAt: checkIn, recordedAt: checkIn.adding(milliseconds: manualDelay),
            actor: actor, tag: tag)
        emit(
            VisitCheckedOut(checkedOutAt: checkOut, staffId: staffId, method: method, exceptionCode: code),
            stream: stream, occurredAt: checkOut, recordedAt: checkOut.adding(milliseconds: manualDelay), actor: actor)
        counts.visitsDelivered += 1
        if electronic { counts.visitsElectronic += 1 } else { counts.visitsManual += 1 }
        if lateness > (timeCritical ? 15 : 30) { counts.visitsLate += 1 } else { counts.visitsOnTime += 1 }

        let person = people[index]
        for medicine in medicines {
            let outcome: MedicationOutcome
            let roll = rng.unit()
            if roll < 0.035 {
                outcome = .refused
            } else if roll < 0.045 {
                outcome = rng.chance(0.7) ? .notGiven : .withheldOnAdvice
            } else {
                switch person.medicationSupport {
                case .administer: outcome = .administered
                case .assist: outcome = .assisted
                default: outcome = .promptedTaken
                }
            }
            let given = outcome == .administered || outcome == .assisted || outcome == .promptedTaken
            recordMAR(
                person: index, medicine: medicine.medicine, scheduledFor: plannedStart,
                actualAt: given ? checkIn.adding(milliseconds: 5 * 60_000) : nil, outcome: outcome,
                staffActor: "staff/" + staffId, staffId: staffId, visitID: visitID, recordedAt: checkOut,
                witness: medicine.medicine.controlled
                    ? staff[teamCarers[person.team][(person.carerOffset + 1) % teamCarers[person.team].count]].id : nil)
        }
    }

    /// Records one MAR entry; now and then a duplicate (voided later) or a medication error.
    func recordMAR(
        person index: Int, medicine: DemoCatalogue.Medicine, scheduledFor: Timestamp, actualAt: Timestamp?,
        outcome: MedicationOutcome, staffActor: String, staffId: String, visitID: String, recordedAt: Timestamp,
        witness: String? = nil
    ) {
        let person = people[index]
        var reason: String?
        if outcome == .notGiven { reason = rng.chance(0.5) ? "NO-STOCK" : "UNWELL" }
        if outcome == .withheldOnAdvice { reason = "GP-ADVICE" }
        let entry = MedicationRecorded(
            medicine: medicine.name, dose: medicine.dose, route: medicine.route, scheduledFor: scheduledFor,
            actualAt: actualAt, supportLevel: person.medicationSupport, outcome: outcome, reasonCode: reason,
            controlledDrug: medicine.controlled, recordedBy: staffId, witnessedBy: witness, visitId: visitID)
        var tag: PendingLine.Tag?
        if outcome != .missed, rng.chance(1.0 / 2500) {
            tag = .medicationError(person: index, controlled: medicine.controlled, scheduledFor: scheduledFor)
        }
        emit(
            entry, stream: person.medicationStream, occurredAt: actualAt ?? scheduledFor, recordedAt: recordedAt,
            actor: staffActor, tag: tag)
        counts.marEntries += 1
        switch outcome {
        case .administered, .assisted, .promptedTaken: counts.marGiven += 1
        case .refused: counts.marRefused += 1
        case .notGiven, .withheldOnAdvice: counts.marNotGiven += 1
        case .missed: counts.marMissed += 1
        default: break
        }
        if !voidPlanned, dayIndex >= 11, let actualAt {
            // A double entry: the dose is keyed in again by hand a minute after the device's entry
            // (so it is a second statement, not the same fact twice); voided the next day.
            voidPlanned = true
            var again = entry
            again.actualAt = actualAt.adding(milliseconds: 60_000)
            emit(
                again, stream: person.medicationStream, occurredAt: actualAt.adding(milliseconds: 60_000),
                recordedAt: recordedAt.adding(milliseconds: 61_000), actor: staffActor, tag: .voidDuplicate)
        }
    }

    /// A medication error about the MAR entry at `marSequence`, found the next morning; a
    /// controlled-drug error is also a notifiable incident.
    func recordMedicationError(person index: Int, marSequence: UInt64, controlled: Bool, scheduledFor: Timestamp) {
        let person = people[index]
        let discovered = now(rng.int(9 * 60...12 * 60))
        var incidentID: String?
        if controlled {
            incidentID = recordIncident(
                kind: .controlledDrugAdverseEvent, person: index, occurredAt: scheduledFor, becameAwareAt: discovered,
                harm: .low, notifiable: true, category: .controlledDrugAdverseEvent)
        }
        let errorID = "ME" + Self.padded(nextMedicationError, 5)
        nextMedicationError += 1
        emit(
            MedicationErrorRecorded(
                errorId: errorID, discoveredAt: discovered, occurredAt: scheduledFor, stage: .administering,
                kind: rng.chance(0.6) ? .omission : .commission, nearMiss: false,
                harm: [HarmLevel.none, .low, .moderate][rng.weighted([0.7, 0.25, 0.05])], controlledDrug: controlled,
                marEntrySequence: marSequence, incidentId: incidentID,
                reportedToAccountableOfficer: controlled ? true : nil),
            stream: person.medicationStream, occurredAt: discovered,
            recordedAt: discovered.adding(milliseconds: 120_000),
            actor: organiserActor(team: person.team))
        counts.medicationErrors += 1
    }

    /// Corrects a check-in recorded two minutes out (the carer's phone clock was wrong).
    func correctCheckIn(sequence: UInt64, stream: StreamName, original: VisitCheckedIn) {
        var corrected = original
        corrected.checkedInAt = original.checkedInAt.adding(milliseconds: 2 * 60_000)
        let time = now(10 * 60)
        emit(
            EntryCorrected(sequence: sequence, reason: .wrongTime, replacement: corrected.careEvent), stream: stream,
            occurredAt: time, actor: "staff/" + staff[teamOrganiser[0]].id)
        counts.corrections += 1
    }

    /// Voids a duplicated entry.
    func voidEntry(sequence: UInt64, stream: StreamName) {
        let time = now(9 * 60 + 30)
        emit(
            EntryVoided(sequence: sequence, reason: .duplicate), stream: stream, occurredAt: time,
            actor: "staff/" + staff[teamOrganiser[0]].id)
        counts.voids += 1
    }
}
