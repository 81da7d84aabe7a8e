import EventLog
import Foundation
import Testing

@Suite("Envelope encoding")
struct EnvelopeCodingTests {
    private func sample(idempotencyKey: String? = "batch-7") throws -> (ProposedEvent, [UInt8]) {
        let event = ProposedEvent(
            stream: try #require(StreamName("person/P000123")), type: "ReviewHeld", schemaVersion: 3,
            occurredAt: Timestamp(millisecondsSinceEpoch: 1_580_000_000_123), actor: "staff/S1",
            correlationID: "import-1", causationID: nil, payload: Array(#"{"a":1}"#.utf8))
        let canonical = EventRecordCodec.canonicalBytes(
            of: event, sequence: 42, streamVersion: 7,
            recordedAt: Timestamp(millisecondsSinceEpoch: 1_590_000_000_456), idempotencyKey: idempotencyKey)
        return (event, canonical)
    }

    @Test("every reader of canonical bytes sees the same header as the full decoder")
    func readersAgree() throws {
        let (event, canonical) = try sample()
        try canonical.withUnsafeBytes { bytes in
            let decoded = try EventRecordCodec.decode(bytes, hash: .genesis)
            #expect(decoded.proposed == event)
            #expect(decoded.idempotencyKey == "batch-7")
            let routing = try EventRecordCodec.routing(bytes)
            #expect(routing.sequence == decoded.sequence)
            #expect(routing.streamVersion == decoded.streamVersion)
            #expect(routing.schemaVersion == decoded.schemaVersion)
            #expect(routing.occurredAt == decoded.occurredAt)
            #expect(routing.recordedAt == decoded.recordedAt)
            let fields = try EventRecordCodec.indexFields(bytes)
            #expect(fields.sequence == decoded.sequence)
            #expect(fields.streamVersion == decoded.streamVersion)
            #expect(fields.recordedAt == decoded.recordedAt)
            #expect(fields.stream == decoded.stream.rawValue)
            #expect(fields.type == decoded.type)
            let names = try EventRecordCodec.routingNames(bytes)
            #expect(names.streamVersion == decoded.streamVersion)
            #expect(String(decoding: names.stream, as: UTF8.self) == decoded.stream.rawValue)
            #expect(String(decoding: names.type, as: UTF8.self) == decoded.type)
        }
    }

    @Test("every reader refuses an unknown encoding version and a truncated header")
    func readersRefuseDamage() throws {
        var canonical = try sample().1
        canonical[0] = 9
        canonical.withUnsafeBytes { bytes in
            #expect(throws: EventRecordCodec.DecodingFailure.unknownEncodingVersion(9)) {
                try EventRecordCodec.decode(bytes, hash: .genesis)
            }
            #expect(throws: EventRecordCodec.DecodingFailure.unknownEncodingVersion(9)) {
                try EventRecordCodec.routing(bytes)
            }
            #expect(throws: EventRecordCodec.DecodingFailure.unknownEncodingVersion(9)) {
                try EventRecordCodec.indexFields(bytes)
            }
            #expect(throws: EventRecordCodec.DecodingFailure.unknownEncodingVersion(9)) {
                try EventRecordCodec.routingNames(bytes)
            }
        }
        let header = Array(try sample().1.prefix(20))
        header.withUnsafeBytes { bytes in
            #expect(throws: EventRecordCodec.DecodingFailure.self) { try EventRecordCodec.routing(bytes) }
            #expect(throws: EventRecordCodec.DecodingFailure.self) { try EventRecordCodec.routingNames(bytes) }
        }
    }

    @Test("an event encoded and checked where it lies gives the bytes and limits of one passed by value")
    func eventsReadThroughAPointerEncodeTheSame() throws {
        let (event, canonical) = try sample()
        var long = event
        long.causationID = String(repeating: "c", count: EventRecordCodec.maximumFieldLength + 1)
        var events = [event, long]
        events.append(
            ProposedEvent(
                stream: event.stream, type: event.type, occurredAt: event.occurredAt, actor: event.actor, payload: []))
        #expect(events[2].schemaVersion == 1 && events[2].correlationID == nil && events[2].recordedAt == nil)
        events.withUnsafeBufferPointer { buffer in
            guard let first = buffer.baseAddress else {
                Issue.record("the events are held")
                return
            }
            let size = EventRecordCodec.encodedSize(of: first, idempotencyKey: "batch-7")
            #expect(size == EventRecordCodec.encodedSize(of: event, idempotencyKey: "batch-7"))
            var bytes = [UInt8](repeating: 0, count: size)
            bytes.withUnsafeMutableBytes {
                EventRecordCodec.encode(
                    first, sequence: 42, streamVersion: 7,
                    recordedAt: Timestamp(millisecondsSinceEpoch: 1_590_000_000_456), idempotencyKey: "batch-7",
                    into: $0
                )
            }
            #expect(bytes == canonical)
            #expect(EventRecordCodec.limitViolation(in: first) == nil)
            #expect(
                EventRecordCodec.limitViolation(in: first + 1)
                    == "causationID is longer than \(EventRecordCodec.maximumFieldLength) bytes")
        }
        #expect(throws: EventStoreError.self) { try AppendPlanner.check(AppendBatch(events: events)) }
    }

    @Test("a stream name splits into kind and id at its first slash")
    func streamNameParts() throws {
        let name = try #require(StreamName("complaint/C-2020-014"))
        #expect(name.kind == "complaint")
        #expect(name.id == "C-2020-014")
        #expect(StreamName("person/") == nil)
        #expect(StreamName("/P1") == nil)
    }

    private struct Envelope: Codable, Equatable {
        var at: Timestamp
        var stream: StreamName
        var hash: EventHash
    }

    @Test("timestamps, stream names and hashes round-trip through JSON as strings")
    func stringCodingRoundTrips() throws {
        let value = Envelope(
            at: Timestamp(millisecondsSinceEpoch: 1_580_000_000_123), stream: try #require(StreamName("person/P1")),
            hash: .genesis)
        let json = try JSONEncoder().encode(value)
        let text = String(decoding: json, as: UTF8.self)
        #expect(text.contains(#""at":"2020-01-26T00:53:20.123Z""#))
        #expect(text.contains(#""stream":"person\/P1""#) || text.contains(#""stream":"person/P1""#))
        #expect(try JSONDecoder().decode(Envelope.self, from: json) == value)
    }

    @Test("an instant's ISO 8601 form is its calendar fields, zero-padded, and parses back to the same instant")
    func iso8601DigitsMatchTheCalendar() throws {
        var generator = SystemRandomNumberGenerator()
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = try #require(TimeZone(identifier: "UTC"))
        // Edges of days, years and the four-digit range, then random instants 1900–2200.
        var instants: [Int64] = [0, 999, 86_399_999, 86_400_000, 951_782_400_000, 253_402_300_799_999]
        for _ in 0..<5_000 {
            instants.append(Int64.random(in: -2_208_988_800_000...7_258_118_400_000, using: &generator))
        }
        for ms in instants {
            let text = Timestamp(millisecondsSinceEpoch: ms).iso8601
            let msOfDay = ((ms % 86_400_000) + 86_400_000) % 86_400_000
            let day = Date(timeIntervalSince1970: Double((ms - msOfDay) / 1000))
            let date = utc.dateComponents([.year, .month, .day], from: day)
            let (year, month, dayOfMonth) = (try #require(date.year), try #require(date.month), try #require(date.day))
            func padded(_ value: Int64, _ width: Int) -> String {
                String(repeating: "0", count: max(0, width - String(value).count)) + String(value)
            }
            let expected =
                "\(padded(Int64(year), 4))-\(padded(Int64(month), 2))-\(padded(Int64(dayOfMonth), 2))"
                + "T\(padded(msOfDay / 3_600_000, 2)):\(padded(msOfDay / 60_000 % 60, 2)):"
                + "\(padded(msOfDay / 1000 % 60, 2)).\(padded(msOfDay % 1000, 3))Z"
            #expect(text == expected)
            #expect(Timestamp(iso8601: text)?.millisecondsSinceEpoch == ms)
        }
    }

    @Test(
        "a value that does not parse is refused with what was expected, never the value itself",
        arguments: [
            (
                #"{"at":"2021-02-30T10:00:00Z SECRET","stream":"person/P1","hash":"\#(String(repeating: "0", count: 64))"}"#,
                "not an ISO 8601 instant"
            ),
            (
                #"{"at":"2021-02-01T10:00:00Z","stream":"SECRET","hash":"\#(String(repeating: "0", count: 64))"}"#,
                "stream must be"
            ),
            (#"{"at":"2021-02-01T10:00:00Z","stream":"person/P1","hash":"SECRET"}"#, "expected 64 hex digits"),
        ])
    func stringCodingRefuses(json: String, expectation: String) throws {
        do {
            _ = try JSONDecoder().decode(Envelope.self, from: Data(json.utf8))
            Issue.record("decoded an invalid value")
        } catch DecodingError.dataCorrupted(let context) {
            #expect(context.debugDescription.hasPrefix(expectation))
            #expect(!context.debugDescription.contains("SECRET"))
        }
    }
}
