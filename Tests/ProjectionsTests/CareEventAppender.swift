import CareCalendar
import CareRecord
import EventLog
import Projections
import Testing

/// Appends care events to an in-memory store for the RAG, extract and audit tests.
final class CareEventAppender {
    let store: InMemoryEventStore

    init(storeID: String = "store-rag-tests") {
        store = InMemoryEventStore(storeID: storeID, clock: { Timestamp(millisecondsSinceEpoch: 1_700_000_000_000) })
    }

    /// Appends one event to `stream` and returns its sequence number.
    @discardableResult
    func append(
        _ event: CareEvent, to stream: String, at occurredAt: Timestamp = instant("2020-01-06T09:00:00Z"),
        actor: String = "staff-001"
    ) throws -> UInt64 {
        let proposed = ProposedEvent(
            stream: StreamName(stream)!, type: event.type, schemaVersion: event.schemaVersion, occurredAt: occurredAt,
            actor: actor, payload: CareEventCodec.encode(event))
        let result = try store.append([proposed])
        return result.positions[0].sequence
    }

    /// Appends a payload.
    @discardableResult
    func append(
        _ payload: some CareEventPayload, to stream: String, at occurredAt: Timestamp = instant("2020-01-06T09:00:00Z")
    ) throws -> UInt64 {
        try append(payload.careEvent, to: stream, at: occurredAt)
    }

    /// The current head sequence.
    var head: UInt64 { (try? store.checkpoint().sequence) ?? 0 }
}

/// An instant from ISO 8601 text.
func instant(_ text: String) -> Timestamp { Timestamp(iso8601: text)! }

/// A calendar date.
func date(_ y: Int, _ m: Int, _ d: Int) -> CareDate { CareDate(year: y, month: m, day: d)! }

/// A calendar quarter.
func quarter(_ text: String) -> Quarter { Quarter(text)! }

/// A reporting quarter.
func reportingQuarter(_ text: String) throws -> Quarter { try #require(Quarter(text)) }

/// A small seeded generator (SplitMix64) for random batch sizes.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Splits `items` into batches in three ways: one batch, singletons, and seeded random sizes.
func batchings<T>(_ items: [T], seed: UInt64) -> [[[T]]] {
    var generator = SeededGenerator(state: seed)
    var random: [[T]] = []
    var i = 0
    while i < items.count {
        let size = Int.random(in: 1...4, using: &generator)
        random.append(Array(items[i..<min(items.count, i + size)]))
        i += size
    }
    return [[items], items.map { [$0] }, random]
}

/// Reads every event of `types` (decoded, corrections resolved as the runner does) at the head.
func resolvedEvents(types: Set<String>, store: any EventStore) throws -> [(CareEvent, RecordedEvent)] {
    let (_, corrections) = try ProjectionRunner.context(for: ProjectionParameters(asAt: date(2020, 3, 31)), in: store)
    var out: [(CareEvent, RecordedEvent)] = []
    try store.read(EventSelection.types(types)) { recorded in
        let event = try CareEventCodec.decode(recorded)
        switch corrections.resolution(of: recorded.sequence) {
        case .voided?: return
        case .replaced(let replacement)?: out.append((replacement, recorded))
        case nil: out.append((event, recorded))
        }
    }
    return out
}
