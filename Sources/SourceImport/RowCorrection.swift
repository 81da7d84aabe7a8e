import CareRecord
import EventLog
import Foundation

/// A row whose once-per-stream fact (a visit's scheduling, a check-in by one carer…) was recorded
/// earlier with other values: the row becomes an `EntryCorrected` of that entry, naming it by
/// stream and version, with the changed field names (never their values) for the dry run.
struct RowCorrection {
    /// The correction to import instead of the row's event.
    var line: EventLine
    /// The entry corrected.
    var target: EntryTarget
    /// The payload fields (and `occurredAt`) that differ, sorted.
    var changedFields: [String]

    /// The recorded facts of the last stream asked about (none for a stream the store did not
    /// hold), so a row's several events on one stream read the store once: one stream, not a
    /// cache that grows with the file.
    struct LastStream {
        var stream: StreamName?
        var facts: [RecordedFact] = []
    }

    /// The correction for `line` when the store holds its once-only fact with other values;
    /// `nil` when the fact is new or the same.
    ///
    /// `lookup` is the store as it was when the import began (``EventStoreReferenceLookup/pinned(at:)``):
    /// the facts this import appended itself are not corrected but checked by the planner, which
    /// refuses their contradictions. Its answers never change while the import runs, so `last`
    /// keeps the facts of the last stream asked about.
    static func find(
        for line: EventLine, in lookup: any ReferenceLookup, actor: String, last: inout LastStream
    ) throws(CatalogueError) -> RowCorrection? {
        guard let slot = FactIdentity.onceSlot(of: line.event) else { return nil }
        if last.stream != line.stream {
            let facts = try lookup.currentVersion(of: line.stream) > 0 ? try lookup.recordedFacts(in: line.stream) : []
            last = LastStream(stream: line.stream, facts: facts)
        }
        guard let recorded = last.facts.first(where: { $0.onceSlot == slot }) else { return nil }
        // The canonical payload the store would hold (kept by `prepare()` when the caller ran it).
        let payload = line.canonicalData
        guard payload != recorded.canonicalPayload || line.occurredAt != recorded.occurredAt else { return nil }
        var changed = changedKeys(recorded.canonicalPayload, payload).map { "data." + $0 }
        if line.occurredAt != recorded.occurredAt { changed.insert("occurredAt", at: 0) }
        let target = EntryTarget(stream: line.stream, version: recorded.version)
        let correction = EntryCorrected(sequence: 0, reason: .wrongValue, replacement: line.event, target: target)
        let corrected = EventLine(
            line: line.line, stream: line.stream, event: correction.careEvent, occurredAt: line.occurredAt,
            actor: actor, correlationID: line.correlationID)
        return RowCorrection(line: corrected, target: target, changedFields: changed)
    }

    /// The top-level keys whose values differ between two JSON objects.
    static func changedKeys(_ a: [UInt8], _ b: [UInt8]) -> [String] {
        guard let left = try? JSONSerialization.jsonObject(with: Data(a)) as? NSDictionary,
            let right = try? JSONSerialization.jsonObject(with: Data(b)) as? NSDictionary
        else { return [] }
        let keys = Set((left.allKeys + right.allKeys).compactMap { $0 as? String })
        return keys.filter { key in
            switch (left[key], right[key]) {
            case (nil, nil): return false
            case (let l?, let r?): return !((l as? NSObject)?.isEqual(r) ?? false)
            default: return true
            }
        }.sorted()
    }
}
