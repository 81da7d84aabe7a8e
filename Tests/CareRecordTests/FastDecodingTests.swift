import CareCalendar
import EventLog
import Foundation
import Testing

@testable import CareRecord

/// The fast payload decoders (``FastDecodable``) must accept only what `JSONDecoder` accepts and
/// give the identical value; whatever they refuse must fall back and give `JSONDecoder`'s answer.
@Suite("Fast decoding: the hot event types decode as JSONDecoder decodes them")
struct FastDecodingTests {
    /// Payloads generated per hot type.
    static let count = 400

    // MARK: Generated payloads, canonical and rewritten

    @Test("canonical payloads take the fast path and equal JSONDecoder's result", arguments: FastCase.allCases)
    func canonicalPayloads(_ kind: FastCase) throws {
        var random = SeededRandom(seed: 0xC0FFEE + UInt64(kind.rawValue))
        for _ in 0..<Self.count {
            let event = kind.generate(&random)
            let bytes = CareEventCodec.encode(event)
            let fast = try #require(
                kind.fast(bytes), "canonical payload refused: \(String(decoding: bytes, as: UTF8.self))")
            #expect(fast == event)
            #expect(try foundation(event.type, bytes) == event)
            #expect(
                try CareEventCodec.decode(type: event.type, schemaVersion: event.schemaVersion, payload: bytes) == event
            )
        }
    }

    @Test(
        "rewritten payloads (keys reordered, whitespace, explicit nulls, \\u escapes, other instant spellings) decode the same both ways",
        arguments: FastCase.allCases)
    func rewrittenPayloads(_ kind: FastCase) throws {
        var random = SeededRandom(seed: 0xBEEF + UInt64(kind.rawValue))
        for _ in 0..<Self.count {
            let event = kind.generate(&random)
            let object = try JSONValue.parse(CareEventCodec.encode(event))
            let style = JSONValue.Style(
                shuffleKeys: random.bool(), whitespace: random.bool(), escapeNonASCII: random.bool(),
                explicitNulls: random.bool(), nullFields: kind.optionalKeys, respellInstants: random.bool())
            let bytes = Array(object.written(style, &random).utf8)
            let expected = try foundation(event.type, bytes)
            #expect(expected == event)
            #expect(outcome(event.type, bytes) == .success(expected))
            if !style.respellInstants {
                #expect(kind.fast(bytes) == expected, "fast path refused \(String(decoding: bytes, as: UTF8.self))")
            }
        }
    }

    // MARK: Inputs the fast path must refuse

    @Test("refused inputs fall back and give JSONDecoder's value or error", arguments: FastCase.allCases)
    func refusedInputs(_ kind: FastCase) throws {
        var random = SeededRandom(seed: 0xF00D + UInt64(kind.rawValue))
        for _ in 0..<40 {
            let event = kind.generate(&random)
            let canonical = String(decoding: CareEventCodec.encode(event), as: UTF8.self)
            for mutation in Mutation.all(for: kind, canonical: canonical) {
                let bytes = Array(mutation.text.utf8)
                #expect(kind.fast(bytes) == nil, "fast path accepted \(mutation.name): \(mutation.text)")
                let viaCodec = outcome(event.type, bytes)
                let viaFoundation = foundationOutcome(event.type, bytes)
                #expect(viaCodec == viaFoundation, "\(mutation.name): \(mutation.text)")
            }
        }
    }

    @Test(
        "invalid UTF-8 and raw control characters in a string value are refused",
        arguments: [[0xFF], [0xC3], [0xED, 0xA0, 0x80], [0x01], [0x0A]] as [[UInt8]])
    func invalidBytes(_ bad: [UInt8]) {
        let bytes =
            Array(#"{"checkedInAt":"2020-02-03T08:00:00.000Z","method":"electronic","staffId":"S"#.utf8) + bad
            + Array(#""}"#.utf8)
        #expect(FastCase.visitCheckedIn.fast(bytes) == nil)
        #expect(outcome("VisitCheckedIn", bytes) == foundationOutcome("VisitCheckedIn", bytes))
    }

    @Test("VisitScheduled v1 payloads go to the upcast, never the v2 fast path")
    func visitScheduledV1() throws {
        let v1 = Array(
            #"{"durationMinutes":30,"personId":"P1","plannedStart":"2020-02-06T08:00:00.000Z","timeCritical":false}"#
                .utf8)
        let fast = try #require(CareEventCodec.entries[VisitScheduled.eventType]?.fast)
        #expect(v1.withUnsafeBytes { fast($0, 1) } == nil)
        let decoded = try CareEventCodec.decode(type: "VisitScheduled", schemaVersion: 1, payload: v1)
        #expect(
            decoded
                == .visitScheduled(
                    VisitScheduled(
                        personId: "P1", plannedStart: instant("2020-02-06T08:00:00Z"), plannedMinutes: 30,
                        carersNeeded: 1, timeCritical: false)))
        // A v2 payload stored as v1 is refused by the fast path too, and fails as JSONDecoder fails.
        let v2 = CareEventCodec.encode(sample("VisitScheduled").event)
        #expect(v2.withUnsafeBytes { fast($0, 1) } == nil)
        #expect(outcome("VisitScheduled", v2, version: 1) == foundationOutcome("VisitScheduled", v2, version: 1))
    }

    @Test("only the hot types have a fast path")
    func hotTypes() {
        let fastTypes = Set(CareEventCodec.entries.filter { $0.value.fast != nil }.keys)
        #expect(fastTypes == Set(FastCase.allCases.map(\.eventType)))
    }

    // MARK: The example log

    @Test("every line of Docs/examples/partnership-sample.ndjson decodes the same both ways")
    func partnershipSample() throws {
        let text = String(decoding: try fixture("partnership-sample.ndjson"), as: UTF8.self)
        var fastHits = 0
        for line in text.split(separator: "\n") where !line.isEmpty {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let type = try #require(object["type"] as? String)
            let version =
                (object["schemaVersion"] as? Int).map(UInt16.init)
                ?? CareEventCodec.readableSchemaVersions(of: type)!.upperBound
            // The data object as written in the file (spaces after colons and commas) …
            let raw = try #require(rawDataObject(of: String(line)))
            let expected = try CareEventCodec.decodeWithFoundation(type: type, schemaVersion: version, payload: raw)
            #expect(try CareEventCodec.decode(type: type, schemaVersion: version, payload: raw) == expected)
            // … and as the codec stores it.
            let stored = CareEventCodec.encode(expected)
            let current = expected.schemaVersion
            #expect(
                try CareEventCodec.decodeWithFoundation(type: type, schemaVersion: current, payload: stored) == expected
            )
            #expect(try CareEventCodec.decode(type: type, schemaVersion: current, payload: stored) == expected)
            if let fast = CareEventCodec.entries[type]?.fast, let event = stored.withUnsafeBytes({ fast($0, current) })
            {
                #expect(event == expected)
                fastHits += 1
            }
        }
        #expect(fastHits >= 25, "the sample's visits and MAR entries take the fast path")
    }

    // MARK: The reader on its own

    @Test("the reader reads numbers as JSONDecoder does where it accepts them")
    func numbers() throws {
        let ints = ["0", "7", "-7", "45", "9223372036854775807", "-9223372036854775808", "1440"]
        for text in ints {
            let bytes = Array("{\"n\":\(text)}".utf8)
            #expect(
                try readNumber(bytes) { r throws(FlatJSONReader.NotHandled) in try r.int() }
                    == (try JSONDecoder().decode([String: Int].self, from: Data(bytes))["n"]))
        }
        for text in [
            "-0", "01", "1.0", "1e2", "9223372036854775808", "-9223372036854775809", "+1", "-", "0x10", "\"1\"",
        ] {
            #expect(
                try readNumber(Array("{\"n\":\(text)}".utf8)) { r throws(FlatJSONReader.NotHandled) in try r.int() }
                    == nil, "\(text)")
        }
        let doubles = [
            "0", "-0.5", "1.5e3", "2.2250738585072014e-308", "1.7976931348623157e308", "0.1", "123456789.987654321",
            "5E-3",
        ]
        for text in doubles {
            let bytes = Array("{\"n\":\(text)}".utf8)
            #expect(
                try readNumber(bytes) { r throws(FlatJSONReader.NotHandled) in try r.double() }
                    == (try JSONDecoder().decode([String: Double].self, from: Data(bytes))["n"]))
        }
        for text in ["1e400", "-1e400", "1e-400", ".5", "1.", "1e", "NaN", "Infinity"] {
            #expect(
                try readNumber(Array("{\"n\":\(text)}".utf8)) { r throws(FlatJSONReader.NotHandled) in try r.double() }
                    == nil, "\(text)")
        }
    }

    @Test("the reader's strings match JSONDecoder's, escapes included")
    func strings() throws {
        let texts = [
            #""""#, #""plain""#, #""caf\u00e9""#, #""\uD83D\uDE00 ok""#, #""tab\there""#, #""q\"b\\s\/""#,
            #""\b\f\n\r\t""#, #""\u0000""#, "\"日本語 😀 é\"", #""\u65E5\u672c""#,
        ]
        for text in texts {
            let bytes = Array("{\"s\":\(text)}".utf8)
            let expected = try JSONDecoder().decode([String: String].self, from: Data(bytes))["s"]
            #expect(
                try readNumber(bytes) { r throws(FlatJSONReader.NotHandled) in try r.string() } == expected, "\(text)")
        }
        for text in [#""\ud800""#, #""\udc00x""#, #""\ud800\u0041""#, #""\x41""#, #""\u12""#, #""open"#, "'single'"] {
            #expect(
                try readNumber(Array("{\"s\":\(text)}".utf8)) { r throws(FlatJSONReader.NotHandled) in try r.string() }
                    == nil, "\(text)")
        }
    }

    @Test("canonical instants parse from bytes exactly as Timestamp(iso8601:) parses them")
    func canonicalInstants() {
        var random = SeededRandom(seed: 42)
        for _ in 0..<2000 {
            let text = random.instant().iso8601
            let bytes = Array(text.utf8)
            #expect(bytes.withUnsafeBufferPointer { Timestamp(canonicalUTF8: $0) } == Timestamp(iso8601: text))
        }
        for text in [
            "2021-02-29T00:00:00.000Z", "2020-02-30T00:00:00.000Z", "2020-13-01T00:00:00.000Z",
            "2020-00-01T00:00:00.000Z",
            "2020-01-00T00:00:00.000Z", "2020-01-01T24:00:00.000Z", "2020-01-01T00:60:00.000Z",
            "2020-01-01T00:00:60.000Z",
            "2020-01-01T00:00:00.000+", "2020-01-01t00:00:00.000Z", "2020-01-01T00:00:00Z", "2020-01-01T00:00:00.0a0Z",
        ] {
            #expect(Array(text.utf8).withUnsafeBufferPointer { Timestamp(canonicalUTF8: $0) } == nil, "\(text)")
        }
        #expect(
            Array("2000-02-29T23:59:59.999Z".utf8).withUnsafeBufferPointer { Timestamp(canonicalUTF8: $0) }
                == Timestamp(iso8601: "2000-02-29T23:59:59.999Z"))
    }

    @Test("a canonical instant with any one byte changed parses only where the change leaves a canonical instant")
    func canonicalInstantsWithOneByteChanged() {
        let separators: [Int: UInt8] = [4: 0x2D, 7: 0x2D, 10: 0x54, 13: 0x3A, 16: 0x3A, 19: 0x2E, 23: 0x5A]
        var random = SeededRandom(seed: 7)
        for text in ["2000-02-29T23:59:59.999Z", "1970-01-01T00:00:00.000Z", random.instant().iso8601] {
            let original = Array(text.utf8)
            for position in original.indices {
                for byte in UInt8.min...UInt8.max {
                    var bytes = original
                    bytes[position] = byte
                    let parsed = bytes.withUnsafeBufferPointer { Timestamp(canonicalUTF8: $0) }
                    let stillCanonical =
                        separators[position].map { $0 == byte } ?? (0x30...0x39).contains(byte)
                    if !stillCanonical {
                        #expect(parsed == nil, "byte \(byte) at \(position) of \(text)")
                    } else {
                        // Digits changed: the same instant as the general parser's, or nil for
                        // an impossible date or time, as it gives.
                        let changed = String(decoding: bytes, as: UTF8.self)
                        #expect(parsed == Timestamp(iso8601: changed), "\(changed)")
                    }
                }
            }
        }
    }
}

// MARK: - The hot types and their generators

/// A hot event type with a fast decoder, and a generator of its payloads.
enum FastCase: Int, CaseIterable, Sendable, CustomStringConvertible {
    case visitScheduled, visitCheckedIn, visitCheckedOut, visitMissed, visitCancelled, medicationRecorded
    // The people and staff events a compliance rebuild reads (dates, lists of vocabulary values).
    case personalPlanPrepared, reviewHeld, serviceEnded, trainingCompleted, supervisionHeld, ssscRegistrationRecorded
    // The rarer types an import still meets once per person or staff member (numbers, optional lists).
    case serviceStarted, staffJoined, personalPlanMadeAvailable, incidentRecorded

    var description: String { eventType }

    var eventType: String {
        switch self {
        case .visitScheduled: VisitScheduled.eventType
        case .visitCheckedIn: VisitCheckedIn.eventType
        case .visitCheckedOut: VisitCheckedOut.eventType
        case .visitMissed: VisitMissed.eventType
        case .visitCancelled: VisitCancelled.eventType
        case .medicationRecorded: MedicationRecorded.eventType
        case .personalPlanPrepared: PersonalPlanPrepared.eventType
        case .reviewHeld: ReviewHeld.eventType
        case .serviceEnded: ServiceEnded.eventType
        case .trainingCompleted: TrainingCompleted.eventType
        case .supervisionHeld: SupervisionHeld.eventType
        case .ssscRegistrationRecorded: SSSCRegistrationRecorded.eventType
        case .serviceStarted: ServiceStarted.eventType
        case .staffJoined: StaffJoined.eventType
        case .personalPlanMadeAvailable: PersonalPlanMadeAvailable.eventType
        case .incidentRecorded: IncidentRecorded.eventType
        }
    }

    /// The keys that may be absent or `null`.
    var optionalKeys: Set<String> {
        switch self {
        case .visitScheduled: ["team", "tasks"]
        case .visitCheckedIn, .visitCheckedOut: ["exceptionCode"]
        case .visitMissed, .visitCancelled: []
        case .medicationRecorded: ["actualAt", "asRequired", "note", "reasonCode", "visitId", "witnessedBy"]
        case .personalPlanPrepared, .serviceEnded, .supervisionHeld: []
        case .reviewHeld: ["trigger"]
        case .trainingCompleted: ["expiresOn"]
        case .ssscRegistrationRecorded: ["registerPart", "registrationNumber"]
        case .serviceStarted: ["careCoordinatorId", "locality"]
        case .staffJoined: ["contractedHoursPerWeek"]
        case .personalPlanMadeAvailable: []
        case .incidentRecorded: ["agenciesInformed", "harm", "notifiable", "personId", "staffIds", "summary"]
        }
    }

    /// A required key and a string key, for mutations.
    var requiredKey: String {
        switch self {
        case .visitScheduled: "plannedStart"
        case .visitCheckedIn: "checkedInAt"
        case .visitCheckedOut: "checkedOutAt"
        case .visitMissed: "detectedAt"
        case .visitCancelled: "cancelledAt"
        case .medicationRecorded: "scheduledFor"
        case .personalPlanPrepared: "preparedOn"
        case .reviewHeld, .supervisionHeld: "heldOn"
        case .serviceEnded: "endedOn"
        case .trainingCompleted: "completedOn"
        case .ssscRegistrationRecorded: "registeredOn"
        case .serviceStarted: "firstServiceOn"
        case .staffJoined: "joinedOn"
        case .personalPlanMadeAvailable: "madeAvailableOn"
        case .incidentRecorded: "becameAwareAt"
        }
    }

    /// The fast path alone (`nil` when it refuses).
    func fast(_ bytes: [UInt8]) -> CareEvent? {
        bytes.withUnsafeBytes { raw in
            switch self {
            case .visitScheduled: VisitScheduled(fast: raw)?.careEvent
            case .visitCheckedIn: VisitCheckedIn(fast: raw)?.careEvent
            case .visitCheckedOut: VisitCheckedOut(fast: raw)?.careEvent
            case .visitMissed: VisitMissed(fast: raw)?.careEvent
            case .visitCancelled: VisitCancelled(fast: raw)?.careEvent
            case .medicationRecorded: MedicationRecorded(fast: raw)?.careEvent
            case .personalPlanPrepared: PersonalPlanPrepared(fast: raw)?.careEvent
            case .reviewHeld: ReviewHeld(fast: raw)?.careEvent
            case .serviceEnded: ServiceEnded(fast: raw)?.careEvent
            case .trainingCompleted: TrainingCompleted(fast: raw)?.careEvent
            case .supervisionHeld: SupervisionHeld(fast: raw)?.careEvent
            case .ssscRegistrationRecorded: SSSCRegistrationRecorded(fast: raw)?.careEvent
            case .serviceStarted: ServiceStarted(fast: raw)?.careEvent
            case .staffJoined: StaffJoined(fast: raw)?.careEvent
            case .personalPlanMadeAvailable: PersonalPlanMadeAvailable(fast: raw)?.careEvent
            case .incidentRecorded: IncidentRecorded(fast: raw)?.careEvent
            }
        }
    }

    /// A random payload: every optional present or absent, every vocabulary value, awkward text and numbers.
    func generate(_ r: inout SeededRandom) -> CareEvent {
        switch self {
        case .visitScheduled:
            VisitScheduled(
                personId: r.text(), plannedStart: r.instant(), plannedMinutes: r.int(), carersNeeded: r.int(),
                timeCritical: r.bool(), team: r.maybe { $0.text() },
                tasks: r.maybe { r in (0..<r.below(4)).map { _ in r.text() } }
            ).careEvent
        case .visitCheckedIn:
            VisitCheckedIn(
                checkedInAt: r.instant(), staffId: r.text(), method: r.pick(), exceptionCode: r.maybe { $0.text() }
            ).careEvent
        case .visitCheckedOut:
            VisitCheckedOut(
                checkedOutAt: r.instant(), staffId: r.text(), method: r.pick(), exceptionCode: r.maybe { $0.text() }
            ).careEvent
        case .visitMissed:
            VisitMissed(detectedAt: r.instant(), reason: r.pick(), personInformed: r.bool()).careEvent
        case .visitCancelled:
            VisitCancelled(cancelledAt: r.instant(), cancelledBy: r.pick(), reason: r.pick()).careEvent
        case .medicationRecorded:
            MedicationRecorded(
                medicine: r.text(), dose: r.text(), route: r.pick(), scheduledFor: r.instant(),
                actualAt: r.maybe { $0.instant() }, supportLevel: r.pick(), outcome: r.pick(),
                reasonCode: r.maybe { $0.text() }, controlledDrug: r.bool(), asRequired: r.maybe { $0.bool() },
                recordedBy: r.text(), witnessedBy: r.maybe { $0.text() }, visitId: r.maybe { $0.text() },
                note: r.maybe { $0.text() }
            ).careEvent
        case .personalPlanPrepared:
            PersonalPlanPrepared(
                preparedOn: r.date(), outcomes: r.texts(), tasks: r.texts(), medicationSupport: r.pick(),
                riskAssessmentCompleted: r.bool(), consulted: r.picks(), preparedBy: r.text()
            ).careEvent
        case .reviewHeld:
            ReviewHeld(
                heldOn: r.date(), participants: r.picks(), outcome: r.pick(), trigger: r.maybe { $0.pick() },
                reviewedBy: r.text()
            ).careEvent
        case .serviceEnded:
            ServiceEnded(endedOn: r.date(), reason: r.pick()).careEvent
        case .trainingCompleted:
            TrainingCompleted(course: r.pick(), completedOn: r.date(), expiresOn: r.maybe { $0.date() }).careEvent
        case .supervisionHeld:
            SupervisionHeld(heldOn: r.date(), kind: r.pick(), supervisorId: r.text()).careEvent
        case .ssscRegistrationRecorded:
            SSSCRegistrationRecorded(
                registeredOn: r.date(), expiresOn: r.date(), registrationNumber: r.maybe { $0.text() },
                registerPart: r.maybe { $0.text() }
            ).careEvent
        case .serviceStarted:
            ServiceStarted(
                firstServiceOn: r.date(), model: r.pick(), plannedHoursPerWeek: r.fraction(), team: r.text(),
                locality: r.maybe { $0.text() }, careCoordinatorId: r.maybe { $0.text() }
            ).careEvent
        case .staffJoined:
            StaffJoined(
                joinedOn: r.date(), role: r.pick(), team: r.text(), contractedHoursPerWeek: r.maybe { $0.fraction() }
            ).careEvent
        case .personalPlanMadeAvailable:
            PersonalPlanMadeAvailable(madeAvailableOn: r.date(), recipients: r.picks()).careEvent
        case .incidentRecorded:
            IncidentRecorded(
                kind: r.pick(), occurredAt: r.instant(), becameAwareAt: r.instant(), personId: r.maybe { $0.text() },
                staffIds: r.maybe { $0.texts() }, harm: r.maybe { $0.pick() }, agenciesInformed: r.maybe { $0.picks() },
                notifiable: r.maybe { $0.bool() }, summary: r.maybe { $0.text() }
            ).careEvent
        }
    }
}

/// A deterministic generator (SplitMix64), so every run tests the same payloads.
struct SeededRandom: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func below(_ n: Int) -> Int { Int.random(in: 0..<n, using: &self) }
    mutating func bool() -> Bool { Bool.random(using: &self) }
    mutating func maybe<T>(_ make: (inout SeededRandom) -> T) -> T? { bool() ? make(&self) : nil }
    mutating func pick<E: CatalogueEnum>() -> E { E.allCases.randomElement(using: &self)! }
    /// A few vocabulary values (none included; repeats allowed, as the schema allows them).
    mutating func picks<E: CatalogueEnum>() -> [E] { (0..<below(4)).map { _ in pick() } }
    /// A few texts (none included).
    mutating func texts() -> [String] { (0..<below(4)).map { _ in text() } }

    /// A calendar date between the years 1000 and 9999, leap days included.
    mutating func date() -> CareDate {
        if below(8) == 0 { return CareDate(year: 2000 + below(25) * 4, month: 2, day: 29)! }
        return CareDate(year: 1000 + below(9000), month: 1 + below(12), day: 1 + below(28))!
    }

    /// A number with a fraction (so a rewritten payload keeps it a number, never a whole one):
    /// hours and their halves and quarters, tiny and huge magnitudes that print with an exponent.
    mutating func fraction() -> Double {
        switch below(4) {
        case 0: [0.5, 37.5, 0.1, 1e-7, 1.5e300, -2.25, 123456.789, .leastNonzeroMagnitude][below(8)]
        case 1: Double.random(in: -1e6...1e6, using: &self)
        default: Double(below(168)) + [0.25, 0.5, 0.75, 0.1][below(4)]
        }
    }

    /// Whole numbers, extremes included.
    mutating func int() -> Int {
        switch below(6) {
        case 0: [Int.min, Int.max, 0, -1, 1, Int.min + 1, Int.max - 1][below(7)]
        case 1: Int.random(in: Int.min...Int.max, using: &self)
        default: Int.random(in: -5...1500, using: &self)
        }
    }

    /// An instant between the years 1000 and 9999, or near the epoch, with milliseconds.
    mutating func instant() -> Timestamp {
        let low = Int64(CareDate(year: 1000, month: 1, day: 1)!.daysSinceEpoch) * 86_400_000
        let high = Int64(CareDate(year: 9999, month: 12, day: 31)!.daysSinceEpoch) * 86_400_000 + 86_399_999
        switch below(4) {
        case 0: return Timestamp(millisecondsSinceEpoch: Int64.random(in: -86_400_000...86_400_000, using: &self))
        case 1:
            return Timestamp(
                millisecondsSinceEpoch: Int64(CareDate(year: 2000 + below(5) * 4, month: 2, day: 29)!.daysSinceEpoch)
                    * 86_400_000 + Int64(below(86_400_000)))
        default: return Timestamp(millisecondsSinceEpoch: Int64.random(in: low...high, using: &self))
        }
    }

    /// Text: identifiers, JSON's escapes, control characters, non-ASCII (two-, three- and four-byte), empty, long.
    mutating func text() -> String {
        let pieces = [
            "P000123", "S0042", "barrhead", "personal-care", "Paracetamol 500mg tablets", "1 tablet", "NT",
            "V2020-000001",
            "\"quoted\"", "back\\slash", "a/b", "line\nbreak", "tab\t", "\r", "\u{0}", "\u{1F}", "\u{7F}", "é", "Ä",
            "日本",
            "😀", "👩🏽‍⚕️", "e\u{301}", "\u{FEFF}", "\u{2028}", "\u{10FFFF}", " ", "",
        ]
        switch below(5) {
        case 0: return ""
        case 1: return String(repeating: pieces[below(pieces.count)], count: 1 + below(40))
        default: return (0..<(1 + below(4))).map { _ in pieces[below(pieces.count)] }.joined()
        }
    }
}

// MARK: - Rewriting payloads

/// A JSON value, for re-spelling payloads in ways the canonical encoder never does.
indirect enum JSONValue: Decodable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() {
            self = .null
        } else if let b = try? c.decode(Bool.self) {
            self = .bool(b)
        } else if let i = try? c.decode(Int.self) {
            self = .int(i)
        } else if let d = try? c.decode(Double.self) {
            self = .double(d)
        } else if let s = try? c.decode(String.self) {
            self = .string(s)
        } else if let a = try? c.decode([JSONValue].self) {
            self = .array(a)
        } else {
            self = .object(try c.decode([String: JSONValue].self))
        }
    }

    static func parse(_ bytes: [UInt8]) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(bytes))
    }

    /// How to write a value.
    struct Style {
        var shuffleKeys: Bool
        var whitespace: Bool
        var escapeNonASCII: Bool
        var explicitNulls: Bool
        var nullFields: Set<String>
        var respellInstants: Bool
    }

    func written(_ style: Style, _ r: inout SeededRandom) -> String {
        let space = style.whitespace ? [" ", "\n", "\t", "\r\n ", ""][r.below(5)] : ""
        switch self {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .double(let d): return "\(d)"
        case .string(let s):
            if style.respellInstants, let t = Timestamp(iso8601: s), t.iso8601 == s {
                // The same instant, spelled another way Timestamp(iso8601:) reads.
                return "\""
                    + s.replacingOccurrences(of: ".000Z", with: "Z").replacingOccurrences(of: "Z", with: "+00:00")
                    + "\""
            }
            return Self.quoted(s, escapeNonASCII: style.escapeNonASCII)
        case .array(let a):
            return "[" + space + a.map { $0.written(style, &r) }.joined(separator: "," + space) + space + "]"
        case .object(let o):
            var keys = o.keys.sorted()
            if style.explicitNulls { keys += style.nullFields.subtracting(keys).sorted() }
            if style.shuffleKeys { keys.shuffle(using: &r) }
            let members = keys.map { key in
                Self.quoted(key, escapeNonASCII: false) + space + ":" + space + (o[key] ?? .null).written(style, &r)
            }
            return "{" + space + members.joined(separator: space + "," + space) + space + "}"
        }
    }

    static func quoted(_ s: String, escapeNonASCII: Bool) -> String {
        var out = "\""
        for unit in s.unicodeScalars {
            switch unit {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case _ where unit.value < 0x20: out += String(format: "\\u%04x", unit.value)
            case _ where unit.value >= 0x80 && escapeNonASCII:
                for u in String(unit).utf16 { out += String(format: "\\u%04X", u) }
            default: out.unicodeScalars.append(unit)
            }
        }
        return out + "\""
    }
}

/// A payload spelled so that the fast path must refuse it.
struct Mutation {
    var name: String
    var text: String

    /// Mutations of a canonical payload of `kind`.
    static func all(for kind: FastCase, canonical: String) -> [Mutation] {
        let body = String(canonical.dropFirst().dropLast())  // without the braces
        let key = kind.requiredKey
        let requiredValue = try! JSONValue.parse(Array(canonical.utf8))
        guard case .object(let fields) = requiredValue else { return [] }
        let others = fields.filter { $0.key != key }.map {
            JSONValue.quoted($0.key, escapeNonASCII: false) + ":" + $0.value.plain
        }
        let without = "{" + others.joined(separator: ",") + "}"
        func replacing(_ value: String) -> String {
            "{" + (others + ["\"\(key)\":\(value)"]).joined(separator: ",") + "}"
        }
        let escapedKey =
            "\"" + key.prefix(1) + "\\u00" + String(format: "%02x", key.utf8.dropFirst().first!) + key.dropFirst(2)
            + "\""
        var all = [
            Mutation(name: "unknown key", text: "{\"zzz\":1," + body + "}"),
            Mutation(name: "unknown key with a nested object", text: "{" + body + ",\"extra\":{\"a\":1}}"),
            Mutation(
                name: "duplicate key",
                text: "{" + body + ",\"\(key)\":" + (fields[key].map { $0.plain } ?? "null") + "}"),
            Mutation(name: "missing required key", text: without),
            Mutation(
                name: "escaped key",
                text: "{" + (others + [escapedKey + ":" + fields[key]!.plain]).joined(separator: ",") + "}"),
            Mutation(name: "nested object", text: replacing("{\"a\":1}")),
            Mutation(name: "array of numbers", text: replacing("[1,2]")),
            Mutation(name: "null for required", text: replacing("null")),
            Mutation(name: "number for string", text: replacing("45")),
            Mutation(name: "bool for instant", text: replacing("true")),
            Mutation(name: "impossible date", text: replacing("\"2021-02-29T08:00:00.000Z\"")),
            Mutation(name: "impossible month", text: replacing("\"2020-13-01T08:00:00.000Z\"")),
            Mutation(name: "hour 24", text: replacing("\"2020-01-01T24:00:00.000Z\"")),
            Mutation(name: "no time zone", text: replacing("\"2020-01-01T08:00:00.000\"")),
            Mutation(name: "trailing bytes", text: canonical + "x"),
            Mutation(name: "two objects", text: canonical + "{}"),
            Mutation(name: "trailing comma", text: "{" + body + ",}"),
            Mutation(name: "truncated", text: String(canonical.dropLast())),
            Mutation(name: "array at the top", text: "[" + canonical + "]"),
            Mutation(name: "empty", text: ""),
            Mutation(name: "lone surrogate", text: "{\"zz\":\"\\ud800\"," + body + "}"),
            Mutation(name: "byte order mark", text: "\u{FEFF}" + canonical),
        ]
        for (field, value) in fields {
            switch value {
            case .int:
                all += [
                    Mutation(name: "\(field) with a fraction", text: set(field, "45.0", in: fields)),
                    Mutation(name: "\(field) with an exponent", text: set(field, "1e1", in: fields)),
                    Mutation(name: "\(field) as a string", text: set(field, "\"45\"", in: fields)),
                    Mutation(name: "\(field) too large", text: set(field, "9223372036854775808", in: fields)),
                    Mutation(name: "\(field) negative zero", text: set(field, "-0", in: fields)),
                    Mutation(name: "\(field) leading zero", text: set(field, "045", in: fields)),
                ]
            case .bool:
                all += [
                    Mutation(name: "\(field) as a number", text: set(field, "1", in: fields)),
                    Mutation(name: "\(field) as a string", text: set(field, "\"true\"", in: fields)),
                    Mutation(name: "\(field) capitalised", text: set(field, "True", in: fields)),
                ]
            case .string(let s):
                if Timestamp(iso8601: s) == nil {
                    all += [
                        Mutation(name: "\(field) as an array", text: set(field, "[\"a\"]", in: fields)),
                        Mutation(
                            name: "\(field) with a raw control character", text: set(field, "\"a\u{1}b\"", in: fields)),
                        Mutation(name: "\(field) with a bad escape", text: set(field, "\"a\\qb\"", in: fields)),
                        Mutation(name: "\(field) with a lone surrogate", text: set(field, "\"a\\ud800b\"", in: fields)),
                        Mutation(
                            name: "\(field) unknown vocabulary value or wrong type", text: set(field, "{}", in: fields)),
                    ]
                }
            case .array:
                all += [
                    Mutation(name: "\(field) with a null", text: set(field, "[\"a\",null]", in: fields)),
                    Mutation(name: "\(field) with a nested array", text: set(field, "[[\"a\"]]", in: fields)),
                    Mutation(name: "\(field) as a string", text: set(field, "\"a\"", in: fields)),
                ]
            default: break
            }
        }
        // Unknown vocabulary values: every enum-typed field.
        for field in enumFields[kind] ?? [] where fields[field] != nil {
            all.append(Mutation(name: "\(field) unknown value", text: set(field, "\"notAValue\"", in: fields)))
            all.append(
                Mutation(
                    name: "\(field) wrong case",
                    text: set(
                        field,
                        "\""
                            + (fields[field].flatMap { if case .string(let s) = $0 { s.uppercased() } else { nil } }
                                ?? "X") + "\"", in: fields)))
        }
        return all
    }

    static let enumFields: [FastCase: [String]] = [
        .visitCheckedIn: ["method"], .visitCheckedOut: ["method"], .visitMissed: ["reason"],
        .visitCancelled: ["cancelledBy", "reason"], .medicationRecorded: ["route", "supportLevel", "outcome"],
        .personalPlanPrepared: ["medicationSupport"], .reviewHeld: ["outcome", "trigger"], .serviceEnded: ["reason"],
        .trainingCompleted: ["course"], .supervisionHeld: ["kind"], .serviceStarted: ["model"],
        .staffJoined: ["role"], .incidentRecorded: ["kind", "harm"],
    ]

    static func set(_ field: String, _ value: String, in fields: [String: JSONValue]) -> String {
        "{"
            + fields.keys.sorted().map { key in
                "\"\(key)\":" + (key == field ? value : fields[key]!.plain)
            }.joined(separator: ",") + "}"
    }
}

extension JSONValue {
    /// Written compact and sorted.
    var plain: String {
        var unused = SeededRandom(seed: 0)
        return written(.plain, &unused)
    }
}

extension JSONValue.Style {
    /// Compact, sorted, no escapes beyond JSON's own.
    static let plain = JSONValue.Style(
        shuffleKeys: false, whitespace: false, escapeNonASCII: false, explicitNulls: false, nullFields: [],
        respellInstants: false)
}

// MARK: - Helpers

/// The codec's answer (fast path first).
private func outcome(_ type: String, _ bytes: [UInt8], version: UInt16? = nil) -> Result<CareEvent, CatalogueError> {
    let v = version ?? CareEventCodec.readableSchemaVersions(of: type)!.upperBound
    do { return .success(try CareEventCodec.decode(type: type, schemaVersion: v, payload: bytes)) } catch {
        return .failure(error)
    }
}

/// JSONDecoder's answer.
private func foundationOutcome(_ type: String, _ bytes: [UInt8], version: UInt16? = nil) -> Result<
    CareEvent, CatalogueError
> {
    let v = version ?? CareEventCodec.readableSchemaVersions(of: type)!.upperBound
    do { return .success(try CareEventCodec.decodeWithFoundation(type: type, schemaVersion: v, payload: bytes)) } catch
    { return .failure(error) }
}

private func foundation(_ type: String, _ bytes: [UInt8]) throws -> CareEvent {
    try CareEventCodec.decodeWithFoundation(
        type: type, schemaVersion: CareEventCodec.readableSchemaVersions(of: type)!.upperBound, payload: bytes)
}

/// Reads the value of the single key of `{"n": …}` with `read`; `nil` when the reader refuses.
private func readNumber<T>(_ bytes: [UInt8], _ read: (inout FlatJSONReader) throws(FlatJSONReader.NotHandled) -> T)
    throws -> T?
{
    bytes.withUnsafeBytes { raw in
        var reader = FlatJSONReader(raw)
        do {
            try reader.beginObject()
            guard try reader.nextKey() != nil else { return nil }
            let value = try read(&reader)
            guard try reader.nextKey() == nil else { return nil }
            return value
        } catch {
            return nil
        }
    }
}

/// The `data` object of an NDJSON line, as the bytes written in the line (its last member).
private func rawDataObject(of line: String) -> [UInt8]? {
    guard let key = line.range(of: "\"data\":"), line.hasSuffix("}") else { return nil }
    return Array(line[key.upperBound..<line.index(before: line.endIndex)].utf8)
}

/// Unknown payload keys: refused with their path on both decoding paths.
@Suite struct UnknownPayloadKeyTests {
    @Test("payload bytes with an unknown key are refused the same way on the fast and the Foundation path")
    func unknownKeyFastPathAgrees() throws {
        let payload = Array(
            #"{"checkedInAt":"2020-01-06T09:02:00.000Z","method":"electronic","staffId":"S2","zzz":1}"#.utf8)
        let fast = #expect(throws: CatalogueError.self) {
            try CareEventCodec.decode(type: "VisitCheckedIn", schemaVersion: 1, payload: payload)
        }
        let slow = #expect(throws: CatalogueError.self) {
            try CareEventCodec.decodeWithFoundation(type: "VisitCheckedIn", schemaVersion: 1, payload: payload)
        }
        #expect(fast?.fieldPath == "data.zzz")
        #expect(slow?.fieldPath == "data.zzz")
    }
}
