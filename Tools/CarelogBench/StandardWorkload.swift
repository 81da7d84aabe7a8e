import EventLog
import Foundation

/// The shared standard workload (`../shared/bench/peers/gen_workload.py`): NDJSON lines
/// `{"stream":"person-<k>","type":…,"occurredAt":…,"data":{…}}`, appended as generic events
/// through the store API, below domain validation.
struct StandardWorkload {
    var events: [ProposedEvent]
    /// Mean NDJSON line length without the newline.
    var meanLineBytes: Double

    /// Loads up to `limit` lines (parsing is not timed).
    static func load(_ path: String, limit: Int?) throws -> StandardWorkload {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        var events: [ProposedEvent] = []
        var totalBytes = 0
        let bytes = [UInt8](data)
        var start = 0
        while start < bytes.count, limit.map({ events.count < $0 }) ?? true {
            var end = start
            while end < bytes.count, bytes[end] != 0x0A { end += 1 }
            let line = Array(bytes[start..<end])
            start = end + 1
            guard !line.isEmpty else { continue }
            totalBytes += line.count
            events.append(try parse(line))
        }
        return StandardWorkload(events: events, meanLineBytes: Double(totalBytes) / Double(max(events.count, 1)))
    }

    private static func field(_ name: String, in line: [UInt8]) -> String? {
        let marker = Array("\"\(name)\":\"".utf8)
        guard let at = line.firstRange(of: marker) else { return nil }
        var end = at.upperBound
        while end < line.count, line[end] != 0x22 { end += 1 }
        return String(decoding: line[at.upperBound..<end], as: UTF8.self)
    }

    private static func parse(_ line: [UInt8]) throws -> ProposedEvent {
        guard let rawStream = field("stream", in: line), let type = field("type", in: line),
            let occurred = field("occurredAt", in: line).flatMap(Timestamp.init(iso8601:)),
            let dataStart = line.firstRange(of: Array("\"data\":".utf8))?.upperBound,
            let stream = StreamName(
                rawStream.replacingOccurrences(of: "-", with: "/", options: [], range: rawStream.range(of: "-")))
        else { throw CocoaError(.fileReadCorruptFile) }
        return ProposedEvent(
            stream: stream, type: type, occurredAt: occurred, actor: "bench",
            payload: Array(line[dataStart..<(line.count - 1)]))
    }
}
