import EventLog
import Foundation
import Testing

@testable import CareRecord

/// Decoding only the fields a reader looks at (``PayloadReading``): the fields kept must equal
/// the whole decode's, text under the other keys may only be left blank, and the lean path must
/// refuse whatever the whole fast path refuses, so an event decodes, or fails, as it does whole.
@Suite("Lean decoding: only the fields a fold reads")
struct LeanDecodingTests {
    @Test("kept fields equal the whole decode; text under other keys is blank or equal", arguments: FastCase.allCases)
    func keptFieldsEqualTheWholeDecode(_ kind: FastCase) throws {
        var random = SeededRandom(seed: 0x1EA4 + UInt64(kind.rawValue))
        for _ in 0..<FastDecodingTests.count {
            let event = kind.generate(&random)
            let bytes = CareEventCodec.encode(event)
            let kept = kind.randomKeys(&random)
            let lean = try CareEventCodec.decode(
                type: event.type, schemaVersion: event.schemaVersion, payload: bytes, keeping: kept)
            try expectBlankedOnly(lean, whole: event, kept: kept)
            // Plain text everywhere: the lean fast path itself takes it.
            if kind.fast(bytes) != nil, bytes.allSatisfy({ $0 >= 0x20 && $0 < 0x80 && $0 != 0x5C }) {
                #expect(kind.lean(bytes, keeping: kept) != nil)
            }
        }
    }

    @Test("keeping every key decodes exactly the whole event", arguments: FastCase.allCases)
    func keepingEveryKeyIsWhole(_ kind: FastCase) throws {
        var random = SeededRandom(seed: 0xA11 + UInt64(kind.rawValue))
        for _ in 0..<100 {
            let event = kind.generate(&random)
            let bytes = CareEventCodec.encode(event)
            let all = Set(try object(of: event).keys).union(kind.optionalKeys)
            #expect(
                try CareEventCodec.decode(
                    type: event.type, schemaVersion: event.schemaVersion, payload: bytes, keeping: all) == event)
        }
    }

    @Test(
        "what the whole fast path refuses the lean one refuses too, and the codec answers as JSONDecoder",
        arguments: FastCase.allCases)
    func refusedInputs(_ kind: FastCase) throws {
        var random = SeededRandom(seed: 0x5EED + UInt64(kind.rawValue))
        for _ in 0..<30 {
            let event = kind.generate(&random)
            let canonical = String(decoding: CareEventCodec.encode(event), as: UTF8.self)
            let kept = kind.randomKeys(&random)
            for mutation in Mutation.all(for: kind, canonical: canonical) {
                let bytes = Array(mutation.text.utf8)
                #expect(kind.lean(bytes, keeping: kept) == nil, "lean path accepted \(mutation.name)")
                let whole = wholeOutcome(event.type, bytes)
                switch (whole, leanOutcome(event.type, bytes, keeping: kept)) {
                case (.success(let expected), .success(let lean)):
                    try expectBlankedOnly(lean, whole: expected, kept: kept)
                case (.failure(let expected), .failure(let error)):
                    #expect(error == expected, "\(mutation.name)")
                default:
                    Issue.record("\(mutation.name): lean and whole decoding disagree on success")
                }
            }
        }
    }

    @Test("a payload read lean takes no text under keys not kept, even escaped or non-ASCII")
    func escapedTextUnderUnreadKeysFallsBack() throws {
        let event = MedicationRecorded(
            medicine: "Paracétamol \"500\"", dose: "1 tablet", route: .oral,
            scheduledFor: Timestamp(millisecondsSinceEpoch: 1_580_000_000_000), supportLevel: .administer,
            outcome: .administered, controlledDrug: false, recordedBy: "S0042"
        ).careEvent
        let bytes = CareEventCodec.encode(event)
        let kept: Set<String> = ["outcome", "scheduledFor"]
        #expect(FastCase.medicationRecorded.lean(bytes, keeping: kept) == nil)
        // Refused by the lean path, the payload is read whole: the same event.
        #expect(
            try CareEventCodec.decode(type: event.type, schemaVersion: 1, payload: bytes, keeping: kept) == event)
    }

    /// `lean` has the same keys as `whole`; under `kept` the same values, elsewhere the same value
    /// or blank text ("" for a string, `[]` for an array).
    private func expectBlankedOnly(_ lean: CareEvent, whole: CareEvent, kept: Set<String>) throws {
        let leanObject = try object(of: lean)
        let wholeObject = try object(of: whole)
        #expect(Set(leanObject.keys) == Set(wholeObject.keys))
        for (key, value) in wholeObject {
            let read = leanObject[key]
            if kept.contains(key) || read == value { continue }
            switch (value, read) {
            case (.string, .string("")?), (.array, .array([])?): continue
            default: Issue.record("\(whole.type).\(key) differs beyond blank text")
            }
        }
    }

    private func object(of event: CareEvent) throws -> [String: JSONValue] {
        guard case .object(let fields) = try JSONValue.parse(CareEventCodec.encode(event)) else { return [:] }
        return fields
    }
}

extension FastCase {
    /// The lean fast path alone, keeping text under `keys` (`nil` when it refuses).
    func lean(_ bytes: [UInt8], keeping keys: Set<String>) -> CareEvent? {
        let kept = keys.sorted().map { Array($0.utf8) }
        return bytes.withUnsafeBytes { raw in
            switch self {
            case .visitScheduled: VisitScheduled(fast: raw, keeping: kept)?.careEvent
            case .visitCheckedIn: VisitCheckedIn(fast: raw, keeping: kept)?.careEvent
            case .visitCheckedOut: VisitCheckedOut(fast: raw, keeping: kept)?.careEvent
            case .visitMissed: VisitMissed(fast: raw, keeping: kept)?.careEvent
            case .visitCancelled: VisitCancelled(fast: raw, keeping: kept)?.careEvent
            case .medicationRecorded: MedicationRecorded(fast: raw, keeping: kept)?.careEvent
            case .personalPlanPrepared: PersonalPlanPrepared(fast: raw, keeping: kept)?.careEvent
            case .reviewHeld: ReviewHeld(fast: raw, keeping: kept)?.careEvent
            case .serviceEnded: ServiceEnded(fast: raw, keeping: kept)?.careEvent
            case .trainingCompleted: TrainingCompleted(fast: raw, keeping: kept)?.careEvent
            case .supervisionHeld: SupervisionHeld(fast: raw, keeping: kept)?.careEvent
            case .ssscRegistrationRecorded: SSSCRegistrationRecorded(fast: raw, keeping: kept)?.careEvent
            case .serviceStarted: ServiceStarted(fast: raw, keeping: kept)?.careEvent
            case .staffJoined: StaffJoined(fast: raw, keeping: kept)?.careEvent
            case .personalPlanMadeAvailable: PersonalPlanMadeAvailable(fast: raw, keeping: kept)?.careEvent
            case .incidentRecorded: IncidentRecorded(fast: raw, keeping: kept)?.careEvent
            }
        }
    }

    /// Every key the type's payload may have.
    var allKeys: [String] {
        switch self {
        case .visitScheduled:
            ["carersNeeded", "personId", "plannedMinutes", "plannedStart", "staffIds", "tasks", "team", "timeCritical"]
        case .visitCheckedIn: ["checkedInAt", "exceptionCode", "method", "staffId"]
        case .visitCheckedOut: ["checkedOutAt", "exceptionCode", "method", "staffId"]
        case .visitMissed: ["detectedAt", "personInformed", "reason"]
        case .visitCancelled: ["cancelledAt", "cancelledBy", "reason"]
        case .medicationRecorded:
            [
                "actualAt", "asRequired", "controlledDrug", "dose", "medicine", "note", "outcome", "reasonCode",
                "recordedBy", "route", "scheduledFor", "supportLevel", "visitId", "witnessedBy",
            ]
        case .personalPlanPrepared:
            [
                "consulted", "medicationSupport", "outcomes", "preparedBy", "preparedOn", "riskAssessmentCompleted",
                "tasks",
            ]
        case .reviewHeld: ["heldOn", "outcome", "participants", "reviewedBy", "trigger"]
        case .serviceEnded: ["endedOn", "reason"]
        case .trainingCompleted: ["completedOn", "course", "expiresOn"]
        case .supervisionHeld: ["heldOn", "kind", "supervisorId"]
        case .ssscRegistrationRecorded: ["expiresOn", "registerPart", "registeredOn", "registrationNumber"]
        case .serviceStarted:
            ["careCoordinatorId", "firstServiceOn", "locality", "model", "plannedHoursPerWeek", "team"]
        case .staffJoined: ["contractedHoursPerWeek", "joinedOn", "role", "team"]
        case .personalPlanMadeAvailable: ["madeAvailableOn", "recipients"]
        case .incidentRecorded:
            [
                "agenciesInformed", "becameAwareAt", "harm", "kind", "notifiable", "occurredAt", "personId",
                "staffIds", "summary",
            ]
        }
    }

    /// A random subset of the keys (empty and whole included).
    func randomKeys(_ r: inout SeededRandom) -> Set<String> {
        switch r.below(4) {
        case 0: return []
        case 1: return Set(allKeys)
        default: return Set(allKeys.filter { _ in r.bool() })
        }
    }
}

/// The codec's answer reading every key.
private func wholeOutcome(_ type: String, _ bytes: [UInt8]) -> Result<CareEvent, CatalogueError> {
    let version = CareEventCodec.readableSchemaVersions(of: type)!.upperBound
    do { return .success(try CareEventCodec.decode(type: type, schemaVersion: version, payload: bytes)) } catch {
        return .failure(error)
    }
}

/// The codec's answer reading text only under `kept`.
private func leanOutcome(_ type: String, _ bytes: [UInt8], keeping kept: Set<String>) -> Result<
    CareEvent, CatalogueError
> {
    let version = CareEventCodec.readableSchemaVersions(of: type)!.upperBound
    do {
        return .success(
            try CareEventCodec.decode(type: type, schemaVersion: version, payload: bytes, keeping: kept))
    } catch { return .failure(error) }
}

extension CareEventCodec {
    /// ``decode(type:schemaVersion:payloadBytes:keeping:)`` over an array, keeping `keys`.
    static func decode(type: String, schemaVersion: UInt16, payload: [UInt8], keeping keys: Set<String>)
        throws(CatalogueError) -> CareEvent
    {
        let kept = PayloadReading([type: keys]).keptKeys(of: type)
        let result = payload.withUnsafeBytes { raw in
            Result { () throws(CatalogueError) -> CareEvent in
                try decode(type: type, schemaVersion: schemaVersion, payloadBytes: raw, keeping: kept)
            }
        }
        return try result.get()
    }
}
