import CareRecord
import EventLog
import Foundation
import SourceImport
import Testing

/// The validation time of the tests (after every example event).
let testNow = Timestamp(millisecondsSinceEpoch: 1_609_459_200_000)  // 2021-01-01T00:00:00Z

/// The repository's `Docs/examples` folder.
let examplesDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Docs/examples")

/// A file of `Docs/examples` as text.
func example(_ name: String) throws -> String {
    try String(contentsOf: examplesDirectory.appendingPathComponent(name), encoding: .utf8)
}

/// A store holding the partnership sample (people, staff, services) that the mapped examples refer to.
func seededStore() throws -> InMemoryEventStore {
    let store = InMemoryEventStore(storeID: "test", clock: { testNow })
    let bytes = Array(try example("partnership-sample.ndjson").utf8)
    var planner = ImportPlanner(
        validator: EventValidator(now: testNow), lookup: EventStoreReferenceLookup(store: store))
    let chunks = try planner.plan(NDJSONReader.readAll(bytes).lines)
    for chunk in chunks { _ = try store.append(chunk.batch) }
    return store
}

/// Imports CSV text through a mapping.
func importCSV(
    _ csv: String, mapping: SourceMapping, into store: any EventStore, dryRun: Bool = false, chunk: Int? = nil
) throws -> MappedImport.Summary {
    let stream = InputStream(data: Data(csv.utf8))
    var reader = try CSVSourceReader(stream: stream, mapping: mapping)
    return try MappedImport(mapping: mapping, chunkSize: chunk, dryRun: dryRun).run(&reader, into: store, now: testNow)
}

/// The ECM example mapping.
func ecmMapping() throws -> SourceMapping {
    try SourceMapping.parse(yaml: example("ecm-visits.mapping.yaml"))
}

/// The visit events of a store as comparable text (stream, type, occurredAt, payload), in log order.
func visitFacts(_ store: any EventStore) throws -> [String] {
    try store.events().filter { $0.stream.kind == "visit" }.map {
        "\($0.stream) \($0.type) \($0.occurredAt.iso8601) \(String(decoding: $0.payload, as: UTF8.self))"
    }
}

/// A small mapping for one `VisitScheduled` per row (columns Ref, Client, Start, Minutes) from
/// `source`, into streams `visit/<streamPrefix><Ref>`; `layout` adds lines such as the delimiter.
func visitScheduleMapping(source: String, streamPrefix: String, layout: String = "") throws -> SourceMapping {
    try SourceMapping.parse(
        yaml: """
            source: \(source)
            actor: system/test
            \(layout)recordId: Ref
            values:
              visit: {column: Ref, pad: {prefix: "", digits: 6}}
              person: {column: Client, pad: {prefix: P, digits: 6}}
              start: {column: Start, format: timestamp}
              minutes: {column: Minutes, format: integer}
              one: {literal: "1", format: integer}
              no: {literal: "false", format: boolean}
            events:
              - type: VisitScheduled
                stream: visit/\(streamPrefix){visit}
                occurredAt: start
                data: {personId: person, plannedStart: start, plannedMinutes: minutes, carersNeeded: one, timeCritical: no}
            """)
}
