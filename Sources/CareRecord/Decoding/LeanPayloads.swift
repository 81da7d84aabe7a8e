import EventLog

// What compliance's reader reads of the payloads that make up most of a log, from stored bytes
// and without a `CareEvent`. `canonicalFields` reads a payload at the current schema version in
// exactly the form ``CanonicalJSONWriter`` writes, in one pass over that layout
// (``CanonicalPayloadCursor``), and gives nil for any other spelling; `leanFields` reads it as
// the codec's lean decoder does (``FlatJSONReader``, keeping `kept`), and gives nil where the
// codec would decode the bytes otherwise (another schema version, bytes the fast path refuses).
// Where either gives fields, they are those of the value the codec's lean decoding wraps in a
// `CareEvent` (`CompliancePayloadTests`).

extension VisitScheduled {
    /// The planned start, person, team, carers needed and whether the visit is time-critical.
    package static func leanFields(_ bytes: UnsafeRawBufferPointer, schemaVersion: UInt16, keeping kept: [[UInt8]])
        -> (plannedStart: Timestamp, personId: String, team: String?, carersNeeded: Int, timeCritical: Bool)?
    {
        guard let visit = leanDecoded(bytes, schemaVersion: schemaVersion, keeping: kept) else { return nil }
        return (visit.plannedStart, visit.personId, visit.team, visit.carersNeeded, visit.timeCritical)
    }

    /// ``leanFields(_:schemaVersion:keeping:)`` of a payload in canonical form.
    package static func canonicalFields(_ bytes: UnsafeRawBufferPointer, schemaVersion: UInt16)
        -> (plannedStart: Timestamp, personId: String, team: String?, carersNeeded: Int, timeCritical: Bool)?
    {
        guard schemaVersion == Self.schemaVersion else { return nil }
        var c = CanonicalPayloadCursor(bytes)
        guard c.literal(#"{"carersNeeded":"#), let carersNeeded = c.smallWholeNumber(),
            c.literal(#","personId":"#), let personId = c.plainText(),
            c.literal(#","plannedMinutes":"#), c.smallWholeNumber() != nil,
            c.literal(#","plannedStart":"#), let plannedStart = c.timestamp()
        else { return nil }
        if c.literal(#","staffIds":"#), !c.skipPlainStringArray() { return nil }
        if c.literal(#","tasks":"#), !c.skipPlainStringArray() { return nil }
        var team: String?
        if c.literal(#","team":"#) {
            guard let text = c.plainText() else { return nil }
            team = text
        }
        guard c.literal(#","timeCritical":"#), let timeCritical = c.bool(), c.literal("}"), c.isAtEnd else {
            return nil
        }
        return (plannedStart, personId, team, carersNeeded, timeCritical)
    }
}

extension VisitCheckedIn {
    /// The instant checked in and how.
    package static func leanFields(_ bytes: UnsafeRawBufferPointer, schemaVersion: UInt16, keeping kept: [[UInt8]])
        -> (at: Timestamp, method: CheckMethod)?
    {
        leanDecoded(bytes, schemaVersion: schemaVersion, keeping: kept).map { ($0.checkedInAt, $0.method) }
    }

    /// ``leanFields(_:schemaVersion:keeping:)`` of a payload in canonical form.
    package static func canonicalFields(_ bytes: UnsafeRawBufferPointer, schemaVersion: UInt16)
        -> (at: Timestamp, method: CheckMethod)?
    {
        guard schemaVersion == Self.schemaVersion else { return nil }
        return VisitCheckFields.canonicalFields(bytes, opening: #"{"checkedInAt":"#)
    }
}

extension VisitCheckedOut {
    /// The instant checked out and how.
    package static func leanFields(_ bytes: UnsafeRawBufferPointer, schemaVersion: UInt16, keeping kept: [[UInt8]])
        -> (at: Timestamp, method: CheckMethod)?
    {
        leanDecoded(bytes, schemaVersion: schemaVersion, keeping: kept).map { ($0.checkedOutAt, $0.method) }
    }

    /// ``leanFields(_:schemaVersion:keeping:)`` of a payload in canonical form.
    package static func canonicalFields(_ bytes: UnsafeRawBufferPointer, schemaVersion: UInt16)
        -> (at: Timestamp, method: CheckMethod)?
    {
        guard schemaVersion == Self.schemaVersion else { return nil }
        return VisitCheckFields.canonicalFields(bytes, opening: #"{"checkedOutAt":"#)
    }
}

extension VisitCheckFields {
    /// The instant and method of a check-in's or check-out's payload in canonical form, whose
    /// first bytes are `opening` (the brace and the instant's key).
    static func canonicalFields(_ bytes: UnsafeRawBufferPointer, opening: StaticString)
        -> (at: Timestamp, method: CheckMethod)?
    {
        var c = CanonicalPayloadCursor(bytes)
        guard c.literal(opening), let at = c.timestamp() else { return nil }
        if c.literal(#","exceptionCode":"#), !c.literal("null"), c.plainString() == nil { return nil }
        guard c.literal(#","method":"#), let method = c.vocabulary(CheckMethod.spellings),
            c.literal(#","staffId":"#), c.plainString() != nil, c.literal("}"), c.isAtEnd
        else { return nil }
        return (at, method)
    }
}

extension MedicationRecorded {
    /// When the dose was scheduled for and the outcome.
    package static func leanFields(_ bytes: UnsafeRawBufferPointer, schemaVersion: UInt16, keeping kept: [[UInt8]])
        -> (scheduledFor: Timestamp, outcome: MedicationOutcome)?
    {
        leanDecoded(bytes, schemaVersion: schemaVersion, keeping: kept).map { ($0.scheduledFor, $0.outcome) }
    }

    /// ``leanFields(_:schemaVersion:keeping:)`` of a payload in canonical form.
    package static func canonicalFields(_ bytes: UnsafeRawBufferPointer, schemaVersion: UInt16)
        -> (scheduledFor: Timestamp, outcome: MedicationOutcome)?
    {
        guard schemaVersion == Self.schemaVersion else { return nil }
        var c = CanonicalPayloadCursor(bytes)
        guard c.literal("{") else { return nil }
        // The first two keys are optional: the first key written has no comma before it.
        var first = true
        if c.literal(#""actualAt":"#) {
            guard c.literal("null") || c.timestamp() != nil else { return nil }
            first = false
        }
        if c.literal(first ? #""asRequired":"# : #","asRequired":"#) {
            guard c.literal("null") || c.bool() != nil else { return nil }
            first = false
        }
        guard c.literal(first ? #""controlledDrug":"# : #","controlledDrug":"#), c.bool() != nil,
            c.literal(#","dose":"#), c.plainString() != nil,
            c.literal(#","medicine":"#), c.plainString() != nil
        else { return nil }
        if c.literal(#","note":"#), !c.literal("null"), c.plainString() == nil { return nil }
        guard c.literal(#","outcome":"#), let outcome = c.vocabulary(MedicationOutcome.spellings) else { return nil }
        if c.literal(#","reasonCode":"#), !c.literal("null"), c.plainString() == nil { return nil }
        guard c.literal(#","recordedBy":"#), c.plainString() != nil,
            c.literal(#","route":"#), c.vocabulary(MedicationRoute.spellings) != nil,
            c.literal(#","scheduledFor":"#), let scheduledFor = c.timestamp(),
            c.literal(#","supportLevel":"#), c.vocabulary(MedicationSupportLevel.spellings) != nil
        else { return nil }
        if c.literal(#","visitId":"#), !c.literal("null"), c.plainString() == nil { return nil }
        if c.literal(#","witnessedBy":"#), !c.literal("null"), c.plainString() == nil { return nil }
        guard c.literal("}"), c.isAtEnd else { return nil }
        return (scheduledFor, outcome)
    }
}

extension CheckMethod {
    /// Each value with its raw value's bytes, for ``CanonicalPayloadCursor/vocabulary(_:)`` and
    /// ``FastPayloadReader/value(among:)``.
    static let spellings = CanonicalPayloadCursor.spellings(of: CheckMethod.self)
}

extension MedicationOutcome {
    /// Each value with its raw value's bytes, for ``CanonicalPayloadCursor/vocabulary(_:)`` and
    /// ``FastPayloadReader/value(among:)``.
    static let spellings = CanonicalPayloadCursor.spellings(of: MedicationOutcome.self)
}

extension MedicationRoute {
    /// Each value with its raw value's bytes, for ``CanonicalPayloadCursor/vocabulary(_:)`` and
    /// ``FastPayloadReader/value(among:)``.
    static let spellings = CanonicalPayloadCursor.spellings(of: MedicationRoute.self)
}

extension MedicationSupportLevel {
    /// Each value with its raw value's bytes, for ``CanonicalPayloadCursor/vocabulary(_:)`` and
    /// ``FastPayloadReader/value(among:)``.
    static let spellings = CanonicalPayloadCursor.spellings(of: MedicationSupportLevel.self)
}
