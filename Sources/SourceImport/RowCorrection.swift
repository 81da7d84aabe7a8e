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

    /// The correction for `line` when the store holds its once-only fact with other values;
    /// `nil` when the fact is new or the same.
    ///
    /// `lookup` is the store as it was when the import began (``EventStoreReferenceLookup/pinned(at:)``):
    /// the facts this import appended itself are not corrected but checked by the planner, which
    /// refuses their contradictions. Holding nothing per stream, the check costs no memory.
    /// `absent` is the last stream found empty, so a row's several events on one new stream ask the
    /// store once (one name, not a set that grows with the file).
    static func find(
        for line: EventLine, in lookup: any ReferenceLookup, actor: String, absent: inout StreamName?
    ) throws(CatalogueError) -> RowCorrection? {
        guard let slot = FactIdentity.onceSlot(of: line.event), line.stream != absent else { return nil }
        guard try lookup.currentVersion(of: line.stream) > 0 else {
            absent = line.stream
            return nil
        }
        let facts = try lookup.recordedFacts(in: line.stream)
        guard let recorded = facts.first(where: { $0.onceSlot == slot }) else { return nil }
        let payload = CareEventCodec.encode(line.event)
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
