import CareRecord
import EventLog

/// Compliance's reader of stored events (a ``BorrowedDecoder``): a visit scheduled, checked in
/// or out and a MAR entry become a ``ComplianceRecord`` of the few fields the fold reads, read
/// straight from the stored payload (`canonicalFields`: in one pass over the layout the codec
/// writes; else `leanFields`: by the codec's lean fast path) — no `CareEvent`, no envelope, no
/// stream name. Anything else, and any of these the fast path refuses (another schema
/// version, bytes it does not handle, a stream name it does not accept), is decoded as the
/// generic reader decodes it (``ProjectionRunner/EnvelopeDecoder``), errors included.
struct ComplianceReader: BorrowedDecoder {
    typealias Input = StoredEvent
    /// Which of the record's payloads an event type is read into.
    private enum Kind {
        case visitScheduled, visitCheckedIn, visitCheckedOut, medicationRecorded

        init?(type: String) {
            switch type {
            case VisitScheduled.eventType: self = .visitScheduled
            case VisitCheckedIn.eventType: self = .visitCheckedIn
            case VisitCheckedOut.eventType: self = .visitCheckedOut
            case MedicationRecorded.eventType: self = .medicationRecorded
            default: return nil
            }
        }
    }

    /// The generic reader, with the type names met (shared: a type is looked up once).
    private var envelopes: ProjectionRunner.EnvelopeDecoder
    /// The kind of each type name met, by its index in the reader's type names (nil: decoded
    /// whole).
    private var kinds: [Kind?] = []

    /// Whether each type name met is one compliance reads, by its index in the reader's type
    /// names.
    private var wanted: [Bool] = []

    init(reading: EventReading) { envelopes = ProjectionRunner.EnvelopeDecoder(reading: reading) }

    /// Reads the stored bytes into a ``BorrowedEvent`` (on the decoding thread) and decodes it;
    /// an event of a type compliance does not read (a store's unfiltered read hands those on)
    /// becomes a skipped record, unread beyond its type.
    mutating func decode(_ stored: StoredEvent) throws(ProjectionError) -> ComplianceRecord {
        let borrowed: BorrowedEvent
        do {
            borrowed = try stored.borrowed()
        } catch {
            // A store filtering by type reads only the type of the events it skips.
            if let skipped = Self.skipped(unreadable: stored) { return skipped }
            throw error
        }
        return try decode(borrowed)
    }

    mutating func decode(_ borrowed: BorrowedEvent) throws(ProjectionError) -> ComplianceRecord {
        if let index = try? envelopes.types.index(borrowed.type) {
            guard isWanted(at: index) else { return Self.skipped(borrowed.sequence) }
            if let kind = kind(at: index), let record = record(kind, of: borrowed, typeIndex: index) { return record }
        } else if !Compliance.eventTypes.contains(String(decoding: borrowed.type, as: UTF8.self)) {
            return Self.skipped(borrowed.sequence)
        }
        let (event, recorded) = try envelopes.decode(borrowed)
        return ComplianceRecord(
            sequence: borrowed.sequence, streamId: "",
            payload: .event(ComplianceRecord.Decoded(event: event, recorded: recorded)))
    }

    /// Whether compliance reads the type name at `index` of the reader's type names.
    private mutating func isWanted(at index: Int) -> Bool {
        while wanted.count <= index {
            wanted.append(Compliance.eventTypes.contains(envelopes.types.known(at: wanted.count).name))
        }
        return wanted[index]
    }

    /// The record of an event compliance does not read.
    private static func skipped(_ sequence: UInt64) -> ComplianceRecord {
        ComplianceRecord(sequence: sequence, streamId: "", payload: .skipped)
    }

    /// The skipped record of a stored event that cannot be read whole, when its type can be read
    /// and is one compliance does not read (a store filtering by type skips it unread); nil
    /// otherwise.
    private static func skipped(unreadable stored: StoredEvent) -> ComplianceRecord? {
        guard stored.bytes.count > 32,
            let names = try? EventRecordCodec.routingNames(UnsafeRawBufferPointer(rebasing: stored.bytes.dropLast(32))),
            !Compliance.eventTypes.contains(String(decoding: names.type, as: UTF8.self))
        else { return nil }
        return skipped(stored.sequence)
    }

    /// The kind of the type name at `index` of the reader's type names.
    private mutating func kind(at index: Int) -> Kind? {
        while kinds.count <= index { kinds.append(Kind(type: envelopes.types.known(at: kinds.count).name)) }
        return kinds[index]
    }

    /// The record of an event of `kind` (whose type is at `typeIndex` of the reader's type
    /// names), or nil where the generic reader decides (a stream name it refuses, a payload
    /// neither the canonical nor the lean fast path reads).
    private func record(_ kind: Kind, of borrowed: BorrowedEvent, typeIndex: Int) -> ComplianceRecord? {
        let stream = borrowed.stream
        guard StreamName.isValid(stream), let slash = stream.firstIndex(of: 0x2F) else { return nil }
        // The stream's id, as `StreamName.idString` makes it (the name is ASCII, checked above).
        let idBytes = UnsafeRawBufferPointer(rebasing: stream[(slash + 1)...])
        let id = String(checkedUTF8: idBytes) ?? String(decoding: idBytes, as: UTF8.self)
        let bytes = borrowed.payload
        let version = borrowed.schemaVersion
        // The keys the lean path keeps, only where the canonical path does not read the payload.
        func kept() -> [[UInt8]]? { envelopes.types.known(at: typeIndex).kept }
        let payload: ComplianceRecord.Payload
        switch kind {
        case .visitScheduled:
            guard
                let visit = VisitScheduled.canonicalFields(bytes, schemaVersion: version)
                    ?? kept().flatMap({ VisitScheduled.leanFields(bytes, schemaVersion: version, keeping: $0) })
            else { return nil }
            payload = .visitScheduled(
                plannedStart: visit.plannedStart, personId: visit.personId, team: visit.team,
                carersNeeded: visit.carersNeeded, timeCritical: visit.timeCritical)
        case .visitCheckedIn:
            guard
                let check = VisitCheckedIn.canonicalFields(bytes, schemaVersion: version)
                    ?? kept().flatMap({ VisitCheckedIn.leanFields(bytes, schemaVersion: version, keeping: $0) })
            else { return nil }
            payload = .visitCheckedIn(at: check.at, method: check.method)
        case .visitCheckedOut:
            guard
                let check = VisitCheckedOut.canonicalFields(bytes, schemaVersion: version)
                    ?? kept().flatMap({ VisitCheckedOut.leanFields(bytes, schemaVersion: version, keeping: $0) })
            else { return nil }
            payload = .visitCheckedOut(at: check.at, method: check.method)
        case .medicationRecorded:
            guard
                let entry = MedicationRecorded.canonicalFields(bytes, schemaVersion: version)
                    ?? kept().flatMap({ MedicationRecorded.leanFields(bytes, schemaVersion: version, keeping: $0) })
            else { return nil }
            payload = .medicationRecorded(scheduledFor: entry.scheduledFor, outcome: entry.outcome)
        }
        return ComplianceRecord(sequence: borrowed.sequence, streamId: id, payload: payload)
    }
}
