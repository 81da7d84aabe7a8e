import CareRecord
import EventLog

/// One stream's timeline as known at a point, with each correction shown beside the entry it
/// corrects: the simple form `carelog history` prints until the audit-timeline projection
/// (module Projections) is wired in its place.
package struct StreamHistory {
    /// An entry and the corrections aimed at it, in log order.
    package struct Entry {
        var event: RecordedEvent
        var corrections: [Entry] = []
    }

    /// Entries that are not corrections (and corrections whose target is not in the stream).
    private(set) var entries: [Entry] = []

    /// Builds the history from the stream's events in log order.
    package init(events: [RecordedEvent]) throws(CatalogueError) {
        var targets: [UInt64: UInt64] = [:]  // correction sequence → target sequence
        var children: [UInt64: [UInt64]] = [:]
        var bySequence: [UInt64: RecordedEvent] = [:]
        var roots: [UInt64] = []
        for event in events {
            bySequence[event.sequence] = event
            var target: UInt64?
            if event.type == EntryCorrected.eventType || event.type == EntryVoided.eventType {
                switch try CareEventCodec.decode(event) {
                case .entryCorrected(let e): target = e.sequence
                case .entryVoided(let e): target = e.sequence
                default: break
                }
            }
            if let target, bySequence[target] != nil {
                targets[event.sequence] = target
                children[target, default: []].append(event.sequence)
            } else {
                roots.append(event.sequence)
            }
        }
        func build(_ sequence: UInt64) -> Entry? {
            guard let event = bySequence[sequence] else { return nil }
            return Entry(event: event, corrections: (children[sequence] ?? []).compactMap(build))
        }
        entries = roots.compactMap(build)
    }

    /// The printed lines.
    package func lines() -> [String] {
        var out: [String] = []
        func render(_ entry: Entry, depth: Int) {
            let e = entry.event
            if depth == 0 {
                out.append(
                    "\(e.sequence)  \(e.occurredAt.iso8601)  v\(e.streamVersion)  \(e.type)  by \(e.actor)  recorded \(e.recordedAt.iso8601)"
                )
                out.append("    " + String(decoding: e.payload, as: UTF8.self))
            } else {
                let indent = String(repeating: "    ", count: depth)
                out.append(
                    "\(indent)↳ \(Self.describeCorrection(e)) at sequence \(e.sequence) (v\(e.streamVersion), by \(e.actor), recorded \(e.recordedAt.iso8601))"
                )
                if case .entryCorrected(let c)? = try? CareEventCodec.decode(e) {
                    out.append(
                        "\(indent)    replacement: "
                            + String(decoding: CareEventCodec.encode(c.replacement), as: UTF8.self))
                }
            }
            for correction in entry.corrections { render(correction, depth: depth + 1) }
        }
        for entry in entries { render(entry, depth: 0) }
        return out
    }

    private static func describeCorrection(_ event: RecordedEvent) -> String {
        switch try? CareEventCodec.decode(event) {
        case .entryCorrected(let c)?: return "corrected (\(c.reason.rawValue))"
        case .entryVoided(let v)?: return "voided (\(v.reason.rawValue))"
        default: return event.type
        }
    }
}
