import CareCalendar
import CareRecord
import EventLog
import Projections
import Testing

/// A date from a literal the test author wrote by hand; a typo fails the test that wrote it
/// (and only that test), with 1970-01-01 standing in so the test can finish.
func d(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> CareDate {
    guard let date = CareDate(iso8601: text) else {
        Issue.record("bad test date literal \(text)", sourceLocation: sourceLocation)
        return CareDate(daysSinceEpoch: 0)
    }
    return date
}

/// An instant from a hand-written ISO 8601 literal; a typo fails the test that wrote it.
func t(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> Timestamp {
    guard let instant = Timestamp(iso8601: text) else {
        Issue.record("bad test instant literal \(text)", sourceLocation: sourceLocation)
        return Timestamp(millisecondsSinceEpoch: 0)
    }
    return instant
}

/// A log for one test: an in-memory store with a fixed clock, and helpers that append care
/// events through `CareEventCodec` the way the application does.
struct TestLog {
    let store = InMemoryEventStore(
        storeID: "projections-test", clock: { Timestamp(millisecondsSinceEpoch: 1_700_000_000_000) })

    /// Appends one event to `stream` (e.g. `person/P1`); returns its sequence number.
    @discardableResult
    func append(_ event: CareEvent, to stream: String, at occurredAt: Timestamp = t("2020-01-01T00:00:00Z")) -> UInt64 {
        guard let name = StreamName(stream) else {
            Issue.record("bad stream name \(stream)")
            return 0
        }
        do {
            return try store.append([event.proposed(stream: name, occurredAt: occurredAt, actor: "test")]).positions[0]
                .sequence
        } catch {
            Issue.record(error, "append failed")
            return 0
        }
    }

    /// Appends a payload.
    @discardableResult
    func append(_ payload: some CareEventPayload, to stream: String) -> UInt64 {
        append(payload.careEvent, to: stream)
    }

    /// Voids the entry at `sequence` (the void goes in the entry's stream).
    @discardableResult
    func void(_ sequence: UInt64, in stream: String) -> UInt64 {
        append(EntryVoided(sequence: sequence, reason: .enteredInError), to: stream)
    }

    /// Replaces the entry at `sequence`.
    @discardableResult
    func correct(_ sequence: UInt64, in stream: String, with replacement: CareEvent) -> UInt64 {
        append(EntryCorrected(sequence: sequence, reason: .wrongTime, replacement: replacement), to: stream)
    }

    /// Runs projection `P` through the shared runner; a failure fails the calling test.
    func run<P: CareProjection>(_ type: P.Type, _ parameters: ProjectionParameters) throws -> P.Output {
        try ProjectionRunner.run(type, parameters: parameters, store: store).output
    }

    /// The resolved events `P` reads (corrections applied) and its context, for folding by hand.
    func resolvedEvents<P: CareProjection>(for type: P.Type, _ parameters: ProjectionParameters) throws -> (
        ProjectionContext, [(CareEvent, RecordedEvent)]
    ) {
        let (context, corrections) = try ProjectionRunner.context(for: parameters, in: store)
        var out: [(CareEvent, RecordedEvent)] = []
        try store.read(EventSelection.types(P.eventTypes).known(at: .sequence(context.checkpoint.sequence))) {
            recorded in
            let event = try CareEventCodec.decode(recorded)
            switch corrections.resolution(of: recorded.sequence) {
            case .voided: return
            case .replaced(let replacement): out.append((replacement, recorded))
            case nil: out.append((event, recorded))
            }
        }
        return (context, out)
    }
}

// MARK: Event builders (defaults for everything the rules do not read)

func started(_ on: String, team: String = "barrhead", locality: String? = nil) -> ServiceStarted {
    ServiceStarted(firstServiceOn: d(on), model: .timeAndTask, plannedHoursPerWeek: 7, team: team, locality: locality)
}

func ended(_ on: String) -> ServiceEnded { ServiceEnded(endedOn: d(on), reason: .noLongerNeeded) }

func plan(_ on: String) -> PersonalPlanPrepared {
    PersonalPlanPrepared(
        preparedOn: d(on), outcomes: ["stay at home"], tasks: ["personal-care"], medicationSupport: .prompt,
        riskAssessmentCompleted: true, consulted: [.person], preparedBy: "S1")
}

func review(_ on: String, trigger: ReviewTrigger? = nil) -> ReviewHeld {
    ReviewHeld(
        heldOn: d(on), participants: [.person, .reviewingOfficer], outcome: .continueAsPlanned, trigger: trigger,
        reviewedBy: "S1")
}

func scheduled(_ person: String, at start: String, timeCritical: Bool = false, carers: Int = 1) -> VisitScheduled {
    VisitScheduled(
        personId: person, plannedStart: t(start), plannedMinutes: 30, carersNeeded: carers, timeCritical: timeCritical)
}

func checkIn(_ at: String, _ method: CheckMethod = .electronic) -> VisitCheckedIn {
    VisitCheckedIn(
        checkedInAt: t(at), staffId: "S1", method: method, exceptionCode: method == .manual ? "NOSIGNAL" : nil)
}

func checkOut(_ at: String, _ method: CheckMethod = .electronic) -> VisitCheckedOut {
    VisitCheckedOut(
        checkedOutAt: t(at), staffId: "S1", method: method, exceptionCode: method == .manual ? "NOSIGNAL" : nil)
}

func mar(_ at: String, _ outcome: MedicationOutcome) -> MedicationRecorded {
    MedicationRecorded(
        medicine: "Paracetamol 500mg tablets", dose: "2 tablets", route: .oral, scheduledFor: t(at),
        actualAt: [.administered, .promptedTaken, .assisted].contains(outcome) ? t(at) : nil, supportLevel: .administer,
        outcome: outcome, reasonCode: [.notGiven, .withheldOnAdvice].contains(outcome) ? "NT" : nil,
        controlledDrug: false, recordedBy: "S1")
}

func complaint(_ on: String, startsAt: ComplaintStage = .stage1, person: String? = nil, team: String? = nil)
    -> ComplaintReceived
{
    ComplaintReceived(
        receivedOn: d(on), channel: .phone, category: .lateOrMissedVisit, complainant: .relative, consentObtained: true,
        personId: person, team: team, points: [ComplaintPoint(pointId: "1")], startsAt: startsAt)
}

func notification(
    _ category: NotificationCategory = .accidentIncidentOrInjury, aware: String, submitted: String,
    person: String? = nil
) -> NotificationSubmitted {
    NotificationSubmitted(
        category: category, eFormsReference: "EF-1", submittedAt: t(submitted), becameAwareAt: t(aware),
        personId: person,
        submittedBy: "S9")
}

/// Parameters for a report as at `asAt`, optionally for a period and at a log position.
func params(_ asAt: String, from start: String? = nil, to end: String? = nil, knownAt: KnownAt = .head)
    -> ProjectionParameters
{
    ProjectionParameters(
        asAt: d(asAt), knownAt: knownAt, periodStart: start.map { d($0) }, periodEnd: end.map { d($0) })
}

/// A small seeded generator (SplitMix64) so "random" batches are the same on every run.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Folds `events` into a fresh projection in batches of the given sizes, reading the output
/// after every batch (output must not disturb the fold), and returns the final output.
func fold<P: CareProjection>(
    _ type: P.Type, context: ProjectionContext, events: [(CareEvent, RecordedEvent)], batchSizes: [Int]
) -> P.Output {
    var projection = P(context: context)
    var index = 0
    var sizes = batchSizes.makeIterator()
    while index < events.count {
        let size = max(1, sizes.next() ?? events.count)
        for (event, recorded) in events[index..<min(events.count, index + size)] {
            projection.apply(event, recorded: recorded)
        }
        index += size
        _ = projection.output()
    }
    return projection.output()
}

/// Runs `body` and checks that it fails as an undecodable event, naming `sequence` and `type`.
func expectUndecodable(
    sequence: UInt64, type: String, sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () throws(ProjectionError) -> Void
) {
    do {
        try body()
        Issue.record("the read should have failed on event \(sequence)", sourceLocation: sourceLocation)
    } catch {
        guard case .undecodable(let named, let namedType, _) = error else {
            Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
            return
        }
        #expect(named == sequence, sourceLocation: sourceLocation)
        #expect(namedType == type, sourceLocation: sourceLocation)
    }
}
