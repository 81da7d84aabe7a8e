import CareRecord
import EventLog
import Foundation
import Testing

/// The time of recording used by the tests (after every sample event).
let testNow = instant("2020-06-01T00:00:00Z")

/// A validator at ``testNow``.
let validator = EventValidator(now: testNow)

/// A store with a fixed clock.
func makeStore() -> InMemoryEventStore {
    InMemoryEventStore(storeID: "test", clock: { instant("2020-06-01T00:00:00Z") })
}

/// The payload of a sample as a JSON object.
func dataObject(_ event: CareEvent) throws -> [String: Any] {
    try #require(JSONSerialization.jsonObject(with: Data(CareEventCodec.encode(event))) as? [String: Any])
}

/// An NDJSON line for a stream, type and data object.
func ndjsonLine(
    stream: String, type: String, data: Any, occurredAt: String = "2020-02-03T08:00:00Z", actor: String = "staff/S2",
    extra: [String: Any] = [:]
) throws -> [UInt8] {
    var object: [String: Any] = [
        "stream": stream, "type": type, "occurredAt": occurredAt, "actor": actor, "data": data,
    ]
    for (k, v) in extra { object[k] = v }
    return Array(try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]))
}

/// An NDJSON line for a sample, with its data changed by `edit`.
func ndjsonLine(_ sample: Sample, edit: (inout [String: Any]) -> Void = { _ in }) throws -> [UInt8] {
    var data = try dataObject(sample.event)
    edit(&data)
    return try ndjsonLine(stream: sample.stream, type: sample.event.type, data: data)
}

/// Sets (or removes, with `nil`) the value at a path such as `grades[0].keyQuestion`.
func set(_ value: Any?, at path: String, in object: inout [String: Any]) {
    var parts = path.split(separator: ".").map(String.init)
    let head = parts.removeFirst()
    var key = head
    var index: Int?
    if let open = head.firstIndex(of: "[") {
        key = String(head[..<open])
        index = Int(head[head.index(after: open)..<head.index(before: head.endIndex)])
    }
    if parts.isEmpty, index == nil {
        object[key] = value
        return
    }
    if let index {
        var array = object[key] as? [Any] ?? []
        if parts.isEmpty {
            array[index] = value ?? NSNull()
        } else {
            var inner = array[index] as? [String: Any] ?? [:]
            set(value, at: parts.joined(separator: "."), in: &inner)
            array[index] = inner
        }
        object[key] = array
    } else {
        var inner = object[key] as? [String: Any] ?? [:]
        set(value, at: parts.joined(separator: "."), in: &inner)
        object[key] = inner
    }
}

/// The sample of a type.
func sample(_ type: String) -> Sample { samples.first { $0.event.type == type }! }

/// Reads a fixture file's bytes.
func fixture(_ name: String) throws -> [UInt8] {
    let url = try #require(Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures"))
    return Array(try Data(contentsOf: url))
}

/// Parses a single line, expecting success.
func parsed(_ bytes: [UInt8], line: Int = 1) throws -> EventLine {
    try EventLine.parse(bytes, line: line)
}

/// Parses a line expecting a failure, and returns it.
func parseFailure(_ bytes: [UInt8], line: Int = 1) -> CatalogueError? {
    do {
        _ = try EventLine.parse(bytes, line: line)
        return nil
    } catch {
        return error
    }
}
