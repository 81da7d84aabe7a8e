import CareCalendar
import CareRecord
import EventLog
import Testing

/// Free text that stands for personal data; it must never appear in an error message.
let sentinel = "SENTINEL-Mrs-Example-private-note"

func day(_ text: String) -> CareDate { CareDate(iso8601: text)! }
func instant(_ text: String) -> Timestamp { Timestamp(iso8601: text)! }

/// One sample event of a type, with every optional field filled, and the stream it belongs in.
struct Sample: CustomTestStringConvertible, Sendable {
    var stream: String
    var event: CareEvent
    var testDescription: String { event.type }
    var streamName: StreamName { StreamName(stream)! }
}

/// One sample per event type in the catalogue (the round-trip and validation tests run over these).
let samples: [Sample] = [
    Sample(
        stream: "person/P1",
        event: ServiceStarted(
            firstServiceOn: day("2020-01-06"), model: .timeAndTask, plannedHoursPerWeek: 7.5, team: "barrhead",
            locality: "barrhead", careCoordinatorId: "S4"
        ).careEvent),
    Sample(stream: "person/P1", event: ServiceEnded(endedOn: day("2020-06-30"), reason: .movedToCareHome).careEvent),
    Sample(
        stream: "person/P1", event: HospitalAdmissionRecorded(admittedOn: day("2020-02-12"), planned: false).careEvent),
    Sample(
        stream: "person/P1",
        event: HospitalDischargeRecorded(
            dischargedOn: day("2020-02-19"), serviceResumesOn: day("2020-02-20")
        ).careEvent),
    Sample(
        stream: "person/P1",
        event: PersonalPlanPrepared(
            preparedOn: day("2020-01-27"), outcomes: [sentinel], tasks: ["Prepare breakfast"],
            medicationSupport: .prompt,
            riskAssessmentCompleted: true, consulted: [.person, .family], preparedBy: "S4"
        ).careEvent),
    Sample(
        stream: "person/P1",
        event: PersonalPlanMadeAvailable(madeAvailableOn: day("2020-01-28"), recipients: [.person]).careEvent),
    Sample(
        stream: "person/P1",
        event: PersonalPlanRevised(
            revisedOn: day("2020-02-21"), changes: [.visitPattern], summary: sentinel, medicationSupport: .assist,
            consulted: [.person], revisedBy: "S4"
        ).careEvent),
    Sample(
        stream: "person/P1",
        event: PlanRevisionNotified(
            notifiedOn: day("2020-02-24"), revisedOn: day("2020-02-21"), recipients: [.representative]
        ).careEvent),
    Sample(stream: "person/P1", event: ReviewRequested(requestedOn: day("2020-02-03"), requestedBy: .family).careEvent),
    Sample(
        stream: "person/P1",
        event: SignificantChangeRecorded(
            identifiedOn: day("2020-02-05"), areas: [.health], summary: sentinel
        ).careEvent),
    Sample(
        stream: "person/P1",
        event: ReviewHeld(
            heldOn: day("2020-02-20"), participants: [.person, .reviewingOfficer], outcome: .revisePlan,
            trigger: .significantChange, reviewedBy: "S4"
        ).careEvent),
    Sample(
        stream: "visit/V1",
        event: VisitScheduled(
            personId: "P1", plannedStart: instant("2020-02-03T08:00:00Z"), plannedMinutes: 45, carersNeeded: 2,
            timeCritical: true, team: "barrhead", tasks: ["personal-care"], staffIds: ["S2"]
        ).careEvent),
    Sample(
        stream: "visit/V1",
        event: VisitCheckedIn(
            checkedInAt: instant("2020-02-03T08:04:00Z"), staffId: "S2", method: .manual, exceptionCode: "NOSIG"
        ).careEvent),
    Sample(
        stream: "visit/V1",
        event: VisitCheckedOut(
            checkedOutAt: instant("2020-02-03T08:50:00Z"), staffId: "S2", method: .electronic, exceptionCode: "X1"
        ).careEvent),
    Sample(
        stream: "visit/V1",
        event: VisitMissed(
            detectedAt: instant("2020-02-03T10:00:00Z"), reason: .noCarerAvailable, personInformed: true
        ).careEvent),
    Sample(
        stream: "visit/V1",
        event: VisitCancelled(
            cancelledAt: instant("2020-02-02T17:00:00Z"), cancelledBy: .person, reason: .familyProviding
        ).careEvent),
    Sample(
        stream: "medication/P1",
        event: MedicationRecorded(
            medicine: "Metformin 500 mg tablets", dose: "1 tablet", route: .oral,
            scheduledFor: instant("2020-02-03T08:00:00Z"),
            actualAt: instant("2020-02-03T08:10:00Z"), supportLevel: .prompt, outcome: .refused, reasonCode: "R",
            controlledDrug: false, asRequired: false, recordedBy: "S2", witnessedBy: "S3", visitId: "V1",
            note: sentinel
        ).careEvent),
    Sample(
        stream: "medication/P1",
        event: MedicationErrorRecorded(
            errorId: "ME1", discoveredAt: instant("2020-02-11T10:00:00Z"), occurredAt: instant("2020-02-10T18:00:00Z"),
            stage: .administering, kind: .omission, nearMiss: false, harm: .low, controlledDrug: true,
            marEntrySequence: 7,
            incidentId: "I1", reportedToAccountableOfficer: true
        ).careEvent),
    Sample(
        stream: "incident/I1",
        event: IncidentRecorded(
            kind: .accidentOrInjury, occurredAt: instant("2020-02-11T19:40:00Z"),
            becameAwareAt: instant("2020-02-11T19:55:00Z"),
            personId: "P1", staffIds: ["S2"], harm: .moderate, agenciesInformed: [.family], notifiable: true,
            summary: sentinel
        ).careEvent),
    Sample(
        stream: "notification/N1",
        event: NotificationSubmitted(
            category: .accidentIncidentOrInjury, eFormsReference: "CS-N-1",
            submittedAt: instant("2020-02-12T10:15:00Z"),
            becameAwareAt: instant("2020-02-11T19:55:00Z"), eventOccurredAt: instant("2020-02-11T19:40:00Z"),
            incidentId: "I1", personId: "P1", submittedBy: "S5"
        ).careEvent),
    Sample(
        stream: "notification/N1",
        event: NotificationFollowedUp(
            followedUpAt: instant("2020-02-20T12:00:00Z"), kind: .correction, correctedCategory: .death,
            correctedBecameAwareAt: instant("2020-02-11T19:50:00Z"), summary: sentinel
        ).careEvent),
    Sample(
        stream: "complaint/C1",
        event: ComplaintReceived(
            receivedOn: day("2020-02-03"), channel: .phone, category: .lateOrMissedVisit, complainant: .relative,
            consentObtained: true, personId: "P1", team: "barrhead",
            points: [ComplaintPoint(pointId: "1", summary: sentinel)], startsAt: .stage1,
            matterOccurredOn: day("2020-02-01")
        ).careEvent),
    Sample(stream: "complaint/C1", event: ComplaintAcknowledged(acknowledgedOn: day("2020-02-04")).careEvent),
    Sample(
        stream: "complaint/C1",
        event: ComplaintStage1Responded(
            respondedOn: day("2020-02-10"), outcomes: [ComplaintPointResult(pointId: "1", outcome: .upheld)]
        ).careEvent),
    Sample(
        stream: "complaint/C1",
        event: ComplaintExtensionAgreed(
            stage: .stage1, agreedOn: day("2020-02-07"), newDueOn: day("2020-02-17"), reason: .complexity,
            agreedWithComplainant: true
        ).careEvent),
    Sample(
        stream: "complaint/C1",
        event: ComplaintEscalatedToStage2(
            escalatedOn: day("2020-02-20"), route: .complainantDissatisfied
        ).careEvent),
    Sample(stream: "complaint/C1", event: ComplaintStage2Acknowledged(acknowledgedOn: day("2020-02-24")).careEvent),
    Sample(
        stream: "complaint/C1",
        event: ComplaintStage2Responded(
            respondedOn: day("2020-03-16"), outcomes: [ComplaintPointResult(pointId: "1", outcome: .partiallyUpheld)],
            spsoSignposted: true
        ).careEvent),
    Sample(
        stream: "complaint/C1",
        event: ComplaintClosed(
            closedOn: day("2020-03-17"), actionsTaken: [sentinel], learning: ["Phone ahead when late"]
        ).careEvent),
    Sample(stream: "complaint/C1", event: ComplaintWithdrawn(withdrawnOn: day("2020-02-05")).careEvent),
    Sample(
        stream: "complaint/C1",
        event: ComplaintReferred(
            referredOn: day("2020-04-20"), to: .spso, externalReference: "201912345"
        ).careEvent),
    Sample(
        stream: "staff/S2",
        event: StaffJoined(
            joinedOn: day("2018-05-14"), role: .homeCareWorker, team: "barrhead", contractedHoursPerWeek: 30
        ).careEvent),
    Sample(stream: "staff/S2", event: StaffLeft(leftOn: day("2020-05-31"), reason: .resigned).careEvent),
    Sample(
        stream: "staff/S2",
        event: TrainingCompleted(
            course: .adultSupportAndProtection, completedOn: day("2020-02-05"), expiresOn: day("2023-02-05")
        ).careEvent),
    Sample(
        stream: "staff/S2",
        event: SupervisionHeld(heldOn: day("2020-02-18"), kind: .field, supervisorId: "S4").careEvent),
    Sample(
        stream: "staff/S2",
        event: SSSCRegistrationRecorded(
            registeredOn: day("2019-09-30"), expiresOn: day("2024-09-29"), registrationNumber: "3123456",
            registerPart: "Support worker in a care at home service"
        ).careEvent),
    Sample(
        stream: "inspection/INS1",
        event: InspectionGraded(
            inspectedFrom: day("2020-01-27"), inspectedTo: day("2020-01-31"), publishedOn: day("2020-03-20"),
            kind: .unannounced, grades: [KeyQuestionGrade(keyQuestion: .wellbeing, grade: 3)], requirements: 4,
            areasForImprovement: 2
        ).careEvent),
    Sample(
        stream: "programme/PG1",
        event: ProgrammeDefined(
            title: "Care at Home Improvement", startsOn: day("2019-09-01"), endsOn: day("2020-12-31"),
            sponsor: "Chief Officer"
        ).careEvent),
    Sample(
        stream: "programme/PG1",
        event: WorkstreamDefined(workstreamId: "ws1", number: 1, title: "Requirements").careEvent),
    Sample(
        stream: "programme/PG1",
        event: ActivityDefined(
            activityId: "a1", workstreamId: "ws1", title: "Care Planning", order: 1,
            indicator: ActivityIndicator(
                measure: .plansWithin28Days, target: 95, direction: .higherIsBetter, amberTolerance: 10,
                team: "barrhead")
        ).careEvent),
    Sample(
        stream: "programme/PG1",
        event: ActivityUpdateRecorded(
            activityId: "a1", quarter: Quarter("2020-Q1")!, updates: ["Reports from Carefirst"], rag: .amber,
            ragRationale: "Quality still to improve", nextQuarterPlan: ["Improve quality of plans"]
        ).careEvent),
    Sample(
        stream: "rules/R1",
        event: {
            var rules = RulesAdopted(effectiveFrom: day("2020-01-01"), label: "ERHSCP 2020")
            rules.notificationDeadlines = [NotificationDeadline(category: .death, hours: 24, confirmed: false)]
            rules.localHolidays = [LocalHoliday(date: day("2020-04-13"), name: "Easter Monday")]
            rules.ragMissingData = .red
            return rules.careEvent
        }()),
    Sample(
        stream: "migration/0123456789abcdef",
        event: RecordsMigrated(
            sourceSHA256: String(repeating: "0123456789abcdef", count: 4), events: 1000,
            firstRecordedAt: instant("2019-01-01T00:00:00Z"), lastRecordedAt: instant("2019-12-31T23:00:00Z")
        ).careEvent),
    Sample(
        stream: "access/G1",
        event: AccessGranted(
            subject: "oidc-sub-1", staffId: "S2", role: .carer, scope: .team("barrhead"),
            effectiveFrom: day("2020-01-01"), effectiveTo: day("2020-12-31"), reason: "joined the team"
        ).careEvent),
    Sample(stream: "access/G1", event: AccessRevoked(effectiveFrom: day("2020-07-01"), reason: "left").careEvent),
    Sample(
        stream: "accessed/2020-02-03",
        event: RecordAccessed(
            subject: "oidc-sub-1", role: .coordinator, grantId: "G1", action: .timelineRead,
            target: AccessTarget(
                stream: "person/P1", personId: "P1", report: "timeline", parameters: ["knownAt": "head"]),
            outcome: .allowed, breakGlass: true, reason: "urgent call from the family", requestId: "r-1"
        ).careEvent),
    Sample(stream: "visit/V1", event: EntryVoided(sequence: 12, reason: .duplicate).careEvent),
    Sample(
        stream: "visit/V1",
        event: EntryCorrected(
            sequence: 13, reason: .wrongTime,
            replacement: VisitCheckedIn(
                checkedInAt: instant("2020-02-03T08:01:00Z"), staffId: "S2", method: .manual, exceptionCode: "LATEREC"
            ).careEvent
        ).careEvent),
]
