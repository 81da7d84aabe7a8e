import EventLog
import Foundation
import Testing

@testable import CareRecord

/// What compliance's reader reads of visits and MAR entries without a `CareEvent`
/// (`canonicalFields`, `leanFields`): the fields of the codec's decode, or nil where the codec
/// reads the bytes otherwise.
@Suite("Compliance's payload fields")
struct CompliancePayloadTests {
    /// The kinds compliance reads this way, with the keys its fold keeps.
    static let kinds: [(FastCase, Set<String>)] = [
        (.visitScheduled, ["carersNeeded", "personId", "plannedStart", "team", "timeCritical"]),
        (.visitCheckedIn, ["checkedInAt", "method"]), (.visitCheckedOut, ["checkedOutAt", "method"]),
        (.medicationRecorded, ["outcome", "scheduledFor"]),
    ]

    /// The fields compliance reads of `event`, as text.
    private func fields(of event: CareEvent) -> String? {
        switch event {
        case .visitScheduled(let v):
            "\(v.plannedStart) \(v.personId) \(v.team ?? "-") \(v.carersNeeded) \(v.timeCritical)"
        case .visitCheckedIn(let c): "\(c.checkedInAt) \(c.method)"
        case .visitCheckedOut(let c): "\(c.checkedOutAt) \(c.method)"
        case .medicationRecorded(let m): "\(m.scheduledFor) \(m.outcome)"
        default: nil
        }
    }

    /// `canonicalFields` (or, with `lean`, `leanFields` keeping `kept`) of `bytes`, as text.
    private func read(_ kind: FastCase, _ bytes: [UInt8], version: UInt16, lean kept: Set<String>? = nil) -> String? {
        let keys = kept.map { $0.sorted().map { Array($0.utf8) } }
        return bytes.withUnsafeBytes { raw -> String? in
            switch kind {
            case .visitScheduled:
                let f =
                    keys.map { VisitScheduled.leanFields(raw, schemaVersion: version, keeping: $0) }
                    ?? VisitScheduled.canonicalFields(raw, schemaVersion: version)
                return f.map {
                    "\($0.plannedStart) \($0.personId) \($0.team ?? "-") \($0.carersNeeded) \($0.timeCritical)"
                }
            case .visitCheckedIn:
                let f =
                    keys.map { VisitCheckedIn.leanFields(raw, schemaVersion: version, keeping: $0) }
                    ?? VisitCheckedIn.canonicalFields(raw, schemaVersion: version)
                return f.map { "\($0.at) \($0.method)" }
            case .visitCheckedOut:
                let f =
                    keys.map { VisitCheckedOut.leanFields(raw, schemaVersion: version, keeping: $0) }
                    ?? VisitCheckedOut.canonicalFields(raw, schemaVersion: version)
                return f.map { "\($0.at) \($0.method)" }
            case .medicationRecorded:
                let f =
                    keys.map { MedicationRecorded.leanFields(raw, schemaVersion: version, keeping: $0) }
                    ?? MedicationRecorded.canonicalFields(raw, schemaVersion: version)
                return f.map { "\($0.scheduledFor) \($0.outcome)" }
            default:
                return nil
            }
        }
    }

    @Test("canonical and lean fields of generated payloads equal the codec's decode")
    func generatedPayloadsReadAsTheCodecReadsThem() throws {
        for (kind, kept) in Self.kinds {
            var random = SeededRandom(seed: 0xC0DE + UInt64(kind.rawValue))
            var canonicalReads = 0
            for _ in 0..<FastDecodingTests.count {
                let event = kind.generate(&random)
                let bytes = CareEventCodec.encode(event)
                let expected = fields(
                    of: try CareEventCodec.decode(
                        type: event.type, schemaVersion: event.schemaVersion, payload: bytes, keeping: kept))
                if let canonical = read(kind, bytes, version: event.schemaVersion) {
                    canonicalReads += 1
                    #expect(canonical == expected, "\(kind)")
                }
                if let lean = read(kind, bytes, version: event.schemaVersion, lean: kept) {
                    #expect(lean == expected, "\(kind)")
                }
                // Another schema version is never read here.
                #expect(read(kind, bytes, version: event.schemaVersion + 1) == nil)
            }
            #expect(canonicalReads > 0, "\(kind)")
        }
    }

    @Test("payloads as the codec writes them for a demo are read in canonical form")
    func demoPayloadsAreCanonical() throws {
        let events: [CareEvent] = [
            VisitScheduled(
                personId: "P00021", plannedStart: Timestamp(millisecondsSinceEpoch: 1_577_864_700_000),
                plannedMinutes: 45, carersNeeded: 2, timeCritical: true, team: "barrhead",
                tasks: ["personal-care", "medication"], staffIds: ["S0001", "S0002"]
            ).careEvent,
            VisitScheduled(
                personId: "P00021", plannedStart: Timestamp(millisecondsSinceEpoch: 1_577_864_700_000),
                plannedMinutes: 0, carersNeeded: 1, timeCritical: false, tasks: []
            ).careEvent,
            VisitCheckedIn(
                checkedInAt: Timestamp(millisecondsSinceEpoch: 1_577_864_800_000), staffId: "S0075", method: .manual,
                exceptionCode: "NOSIGNAL"
            ).careEvent,
            VisitCheckedOut(
                checkedOutAt: Timestamp(millisecondsSinceEpoch: 1_577_864_900_000), staffId: "S0075",
                method: .electronic, exceptionCode: nil
            ).careEvent,
            MedicationRecorded(
                medicine: "Paracetamol 500mg tablets", dose: "2 tablets", route: .oral,
                scheduledFor: Timestamp(millisecondsSinceEpoch: 1_577_864_700_000),
                actualAt: Timestamp(millisecondsSinceEpoch: 1_577_864_760_000), supportLevel: .administer,
                outcome: .administered, reasonCode: "NT", controlledDrug: true, asRequired: false, recordedBy: "S1",
                witnessedBy: "S2", visitId: "V1", note: "ok"
            ).careEvent,
            MedicationRecorded(
                medicine: "Paracetamol 500mg tablets", dose: "2 tablets", route: .oral,
                scheduledFor: Timestamp(millisecondsSinceEpoch: 1_577_864_700_000), supportLevel: .administer,
                outcome: .missed, controlledDrug: false, recordedBy: "S1"
            ).careEvent,
        ]
        let kinds: [FastCase] = [
            .visitScheduled, .visitScheduled, .visitCheckedIn, .visitCheckedOut, .medicationRecorded,
            .medicationRecorded,
        ]
        for (event, kind) in zip(events, kinds) {
            let bytes = CareEventCodec.encode(event)
            let read = read(kind, bytes, version: event.schemaVersion)
            #expect(read != nil, "\(String(decoding: bytes, as: UTF8.self))")
            #expect(read == fields(of: event))
        }
    }

    @Test("what the fast path refuses the canonical path refuses, and other spellings are left to the lean path")
    func otherSpellingsAreNotReadCanonically() throws {
        for (kind, kept) in Self.kinds {
            var random = SeededRandom(seed: 0xFACE + UInt64(kind.rawValue))
            for _ in 0..<30 {
                let event = kind.generate(&random)
                let canonical = String(decoding: CareEventCodec.encode(event), as: UTF8.self)
                var spellings = Mutation.all(for: kind, canonical: canonical).map(\.text)
                // Valid JSON the codec does not write: whitespace, and the keys in reverse order.
                spellings.append(" " + canonical)
                spellings.append(canonical.replacingOccurrences(of: ",\"", with: ", \""))
                if case .object(let fields) = try JSONValue.parse(Array(canonical.utf8)) {
                    let reversed = fields.sorted { $0.key > $1.key }.map {
                        JSONValue.quoted($0.key, escapeNonASCII: false) + ":" + $0.value.plain
                    }
                    if reversed.count > 1 { spellings.append("{" + reversed.joined(separator: ",") + "}") }
                }
                for text in spellings {
                    let bytes = Array(text.utf8)
                    #expect(read(kind, bytes, version: event.schemaVersion) == nil, "\(kind): \(text)")
                    if let lean = read(kind, bytes, version: event.schemaVersion, lean: kept) {
                        let whole = try CareEventCodec.decode(
                            type: event.type, schemaVersion: event.schemaVersion, payload: bytes, keeping: kept)
                        #expect(lean == fields(of: whole), "\(kind): \(text)")
                    }
                }
            }
        }
    }
}
