import CareCalendar
import CareRecord
import EventLog
import Projections
import Reports

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the audit views meet the store: one stream's timeline (`GET /v1/streams/…`) and a
/// person's timeline across every stream about them (`GET /v1/people/{personId}/timeline`),
/// each read at one checkpoint and rendered as an ``Reports/AuditTimelineReport``.
package enum AuditWiring {
    /// The event types that open a stream about a person named in their payload's `personId`.
    package static let personOpeningTypes: Set<String> = [
        VisitScheduled.eventType, IncidentRecorded.eventType, NotificationSubmitted.eventType,
        ComplaintReceived.eventType,
    ]

    /// One stream's timeline as known at `knownAt`, corrections beside what they correct.
    ///
    /// - Throws: ``CarelogError/invalidInput(_:)`` when the stream has no events at that point
    ///   (the message `carelog history` gives), or a store error.
    package static func stream(_ stream: StreamName, knownAt: KnownAt, asAt: CareDate, store: any EventStore)
        throws(CarelogError) -> ReportDocument
    {
        try ReportWiring.checkKnownAt(knownAt, store: store)
        let (timeline, checkpoint) = try ReportWiring.projection { () throws(ProjectionError) in
            try AuditTimeline.run(stream: stream, knownAt: knownAt, store: store)
        }
        guard !timeline.entries.isEmpty else { throw .invalidInput("\(stream) has no events as known at \(knownAt)") }
        return AuditTimelineReport.document(timeline, checkpoint: checkpoint, asAt: asAt)
    }

    /// Every stream about `personId` as known at `knownAt`: `person/<id>`, `medication/<id>`, and
    /// the visit, incident, notification and complaint streams whose opening event names the
    /// person; one section per stream (in stream-name order), all read at one checkpoint. With
    /// `index` (the service's), the streams are found there instead of by reading every opening
    /// event of the log.
    ///
    /// - Throws: ``CarelogError/usage(_:)`` for an id that cannot name a stream,
    ///   ``CarelogError/invalidInput(_:)`` when no stream is about the person at that point.
    package static func person(
        _ personId: String, knownAt: KnownAt, asAt: CareDate, store: any EventStore, index: PersonStreamIndex? = nil
    ) throws(CarelogError) -> ReportDocument {
        guard let own = StreamName(kind: "person", id: personId) else {
            throw .usage("the person id must be letters, digits and . _ : - (an identifier, never a name)")
        }
        try ReportWiring.checkKnownAt(knownAt, store: store)
        let checkpoint: Checkpoint
        do { checkpoint = try store.checkpoint(knownAt: knownAt) } catch { throw CarelogError.from(error) }
        let cut = KnownAt.sequence(checkpoint.sequence)
        var sections: [ReportSection] = []
        for stream in try streams(of: personId, own: own, cut: cut, store: store, index: index) {
            let (timeline, _) = try ReportWiring.projection { () throws(ProjectionError) in
                try AuditTimeline.run(stream: stream, knownAt: cut, store: store)
            }
            if timeline.entries.isEmpty { continue }
            var section = AuditTimelineReport.document(timeline, checkpoint: checkpoint, asAt: asAt).sections[0]
            section.heading = stream.description
            sections.append(section)
        }
        guard !sections.isEmpty else { throw .invalidInput("\(own) has no events as known at \(knownAt)") }
        return ReportDocument(
            title: "Audit timeline of person \(personId)",
            provenance: ReportProvenance(
                asAt: asAt, period: nil, checkpoint: checkpoint, rules: "not applicable (audit view)"),
            sections: sections)
    }

    /// The streams about `personId` at `cut`, sorted by name: from `index` when it can answer,
    /// else read from the log.
    package static func streams(
        of personId: String, own: StreamName, cut: KnownAt, store: any EventStore, index: PersonStreamIndex? = nil
    ) throws(CarelogError) -> [StreamName] {
        var found: Set<StreamName> = [own]
        if let medication = StreamName(kind: "medication", id: personId) { found.insert(medication) }
        if let index, case .sequence(let sequence) = cut,
            let indexed = index.streams(naming: personId, through: sequence, store: store)
        {
            return found.union(indexed).sorted { $0.description < $1.description }
        }
        let selection = EventSelection.types(personOpeningTypes).known(at: cut)
        do {
            if let lending = store as? any BorrowedEventReading {
                // In place: only a payload that may name the person is copied out and decoded.
                let id = Array(personId.utf8)
                try lending.readBorrowed(
                    selection,
                    { event in
                        guard mayName(id, payload: event.payload) else { return }
                        let recorded = try event.recorded()
                        if Self.personId(of: recorded) == personId { found.insert(recorded.stream) }
                    }, end: { _ in })
            } else {
                try store.read(selection) { recorded in
                    if Self.personId(of: recorded) == personId { found.insert(recorded.stream) }
                }
            }
        } catch {
            throw CarelogError.from(error)
        }
        return found.sorted { $0.description < $1.description }
    }

    /// Whether a JSON payload may hold the string `id` as a value: false only when it has no
    /// escape (no backslash, so every string in it is its bytes as written) and `id`'s bytes appear
    /// nowhere in it — then no field of it, `personId` included, decodes to `id`.
    package static func mayName(_ id: [UInt8], payload: UnsafeRawBufferPointer) -> Bool {
        guard let base = payload.baseAddress, !payload.isEmpty else { return false }
        if memchr(base, Int32(UInt8(ascii: "\\")), payload.count) != nil { return true }
        return id.withUnsafeBytes { needle in
            guard let wanted = needle.baseAddress, let first = needle.first else { return true }
            // Each place the id's first byte appears (found by `memchr`), compared whole.
            var start = base
            var remaining = payload.count
            while remaining >= needle.count {
                guard let found = memchr(start, Int32(first), remaining - needle.count + 1) else { return false }
                let hit = UnsafeRawPointer(found)
                if memcmp(hit, wanted, needle.count) == 0 { return true }
                let step = start.distance(to: hit) + 1
                start += step
                remaining -= step
            }
            return false
        }
    }

    /// The `personId` an opening event names, if it decodes and names one.
    package static func personId(of recorded: RecordedEvent) -> String? {
        switch try? CareEventCodec.decode(recorded) {
        case .visitScheduled(let e)?: return e.personId
        case .incidentRecorded(let e)?: return e.personId
        case .notificationSubmitted(let e)?: return e.personId
        case .complaintReceived(let e)?: return e.personId
        default: return nil
        }
    }
}
