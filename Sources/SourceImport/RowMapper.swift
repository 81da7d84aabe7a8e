import CareCalendar
import CareRecord
import EventLog

/// Turns a ``SourceRow`` into the same ``CareRecord/EventLine``s the NDJSON import reads.
///
/// The mapping is compiled once against the export's header: each value is read from its column
/// by position, and each event knows its stream pieces, its payload fields (sorted) and, for the
/// hot event types (visits, MAR entries), the catalogue's own fast decoder, which builds the
/// typed event straight from the cells' typed values (``CareRecord/PayloadFieldsReader``) — no
/// JSON text. Any event that path does not take exactly (another type, a nested field, a value
/// of the wrong kind, an invalid stream or vocabulary value…) is written as its NDJSON line and
/// parsed by ``CareRecord/EventLine/parse(_:line:)``, which gives the same event or the error a
/// user sees. So envelope, payload and vocabulary checks are the catalogue's own, and both paths
/// give the same bytes (test `DirectEventsEqualTheNDJSONPath`).
///
/// Each event carries `correlationId` `<source>:<record id>`, which ties it to its row.
public struct RowMapper: Sendable {
    /// The mapping.
    public let mapping: SourceMapping
    /// Whether events of the hot types are built without JSON text (`false`: every event goes
    /// through its NDJSON line, the oracle of the differential test).
    let direct: Bool
    /// The mapping's values, in the order of their slots.
    fileprivate let slots: [Slot]
    /// The events, compiled.
    fileprivate let events: [CompiledEvent]
    /// The position of the record id column in the header.
    private let recordIdIndex: Int?
    /// `<source>:`, the correlation id's prefix.
    private let correlationPrefix: String

    /// One named value: how it is read and from where. A class, so reading a row's values
    /// shares the slot instead of copying (and retaining) each of its strings and codes.
    fileprivate final class Slot: Sendable {
        let name: String
        let spec: ValueSpec
        let format: ValueSpec.Format
        /// The column's position in the header (`nil` for a literal).
        let column: Int?

        init(name: String, spec: ValueSpec, format: ValueSpec.Format, column: Int?) {
            self.name = name
            self.spec = spec
            self.format = format
            self.column = column
        }
    }

    /// One event of the mapping, with its values resolved to slots. A class, so each row's pass
    /// over the events shares them instead of copying (and retaining) each of their parts.
    fileprivate final class CompiledEvent: Sendable {
        enum Piece: Sendable {
            case text(String)
            case slot(Int)
        }
        let spec: EventSpec
        let stream: [Piece]
        let occurredAt: Int
        let when: [Int]
        /// The payload fields sorted by name: the field as the mapping names it (`checkedInAt`,
        /// `points[].pointId`), its segments, the slot feeding it and the field of its problems
        /// (`"<type> data.<field>"`).
        let data: [(key: String, path: [String], slot: Int, label: String)]
        /// The events of the mapping with the same `stream` template share this number: a row's
        /// stream is built once for all of them.
        let streamTemplate: Int
        /// The catalogue's decoder from typed values, when the type has one and the payload is flat.
        let decoder: CareEventCodec.DirectDecoder?
        /// `"<type> when"`, `"<type> stream"`, `"<type> occurredAt"`: the field of a problem.
        let whenField: String
        let streamField: String
        let occurredAtField: String

        init(
            spec: EventSpec, stream: [Piece], streamTemplate: Int, occurredAt: Int, when: [Int],
            data: [(key: String, path: [String], slot: Int, label: String)], decoder: CareEventCodec.DirectDecoder?
        ) {
            self.spec = spec
            self.stream = stream
            self.streamTemplate = streamTemplate
            self.occurredAt = occurredAt
            self.when = when
            self.data = data
            self.decoder = decoder
            whenField = "\(spec.type) when"
            streamField = "\(spec.type) stream"
            occurredAtField = "\(spec.type) occurredAt"
        }
    }

    /// A mapper for a mapping, reading rows whose header is `columns` (a name the header lacks
    /// reads as empty; the readers refuse such a header before the first row).
    public init(mapping: SourceMapping, columns: [String]) {
        self.init(mapping: mapping, columns: columns, direct: true)
    }

    /// A mapper; `direct: false` writes every event as NDJSON and parses it (the old path, kept
    /// as the oracle the direct path is tested against).
    package init(mapping: SourceMapping, columns: [String], direct: Bool) {
        self.mapping = mapping
        self.direct = direct && StreamName(mapping.actor) != nil
        var position: [String: Int] = [:]
        for (index, name) in columns.enumerated() where !name.isEmpty && position[name] == nil {
            position[name] = index
        }
        let names = mapping.values.keys.sorted()
        var slotOf: [String: Int] = [:]
        var slots: [Slot] = []
        for name in names {
            guard let spec = mapping.values[name] else { continue }
            slotOf[name] = slots.count
            let column: Int? = spec.literal == nil ? spec.column.flatMap { position[$0] } ?? -1 : nil
            slots.append(Slot(name: name, spec: spec, format: spec.parsedFormat, column: column))
        }
        self.slots = slots
        // check() guarantees every name is a value; an unknown one would read as empty.
        func slot(_ name: String) -> Int { slotOf[name] ?? -1 }
        var templates: [String: Int] = [:]
        events = mapping.events.map { spec in
            let template = templates[spec.stream] ?? templates.count
            templates[spec.stream] = template
            var pieces: [CompiledEvent.Piece] = []
            var rest = Substring(spec.stream)
            while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
                if open > rest.startIndex { pieces.append(.text(String(rest[..<open]))) }
                pieces.append(.slot(slot(String(rest[rest.index(after: open)..<close]))))
                rest = rest[rest.index(after: close)...]
            }
            if !rest.isEmpty { pieces.append(.text(String(rest))) }
            let data = spec.data.keys.sorted().map {
                field -> (key: String, path: [String], slot: Int, label: String) in
                (
                    field, field.split(separator: ".").map(String.init), slot(spec.data[field] ?? ""),
                    "\(spec.type) data.\(field)"
                )
            }
            let flat = data.allSatisfy { $0.path.count == 1 }
            return CompiledEvent(
                spec: spec, stream: pieces, streamTemplate: template, occurredAt: slot(spec.occurredAt),
                when: (spec.when ?? []).map(slot),
                data: data, decoder: flat ? CareEventCodec.directDecoder(for: spec.type) : nil)
        }
        recordIdIndex = position[mapping.recordId]
        correlationPrefix = mapping.source + ":"
    }

    /// The event types of the mapping built straight from the cells, in mapping order (the
    /// others go through their NDJSON line).
    package var directEventTypes: [String] {
        direct ? events.filter { $0.decoder != nil }.map(\.spec.type) : []
    }

    /// The row's record id (empty when the cell is).
    public func recordId(of row: SourceRow) -> String {
        guard let index = recordIdIndex, index < row.values.count else { return "" }
        return row.values[index]
    }

    /// The events of a row, or (with no events) every problem found in it, not just the first.
    ///
    /// The event lines' `line` is the row number.
    public func events(of row: SourceRow) -> (lines: [EventLine], problems: [RowProblem]) {
        var evaluation = RowEvaluation(mapper: self, row: row)
        let recordId = recordId(of: row)
        if recordId.isEmpty {
            evaluation.problems.append(
                RowProblem(
                    row: row.number, column: mapping.recordId, message: "is empty; every row needs its record id"))
        }
        var lines: [EventLine] = []
        lines.reserveCapacity(events.count)
        let correlationID = correlationPrefix + recordId
        // The row's events mostly share one stream: its name is checked once.
        var checkedStream: (text: String, name: StreamName?)?
        for event in events {
            // The event is left out when a value it depends on is empty.
            var present = true
            for slot in event.when {
                if case .some(.none) = evaluation.value(slot, field: event.whenField) { present = false }
            }
            guard present, let fields = evaluation.fields(of: event) else { continue }
            if direct, event.decoder != nil, checkedStream?.text != fields.stream {
                checkedStream = (fields.stream, StreamName(fields.stream))
            }
            if direct, let stream = checkedStream?.name,
                let line = directLine(event, fields, stream: stream, correlationID: correlationID, row: row.number)
            {
                lines.append(line)
                continue
            }
            let json = ndjson(event, fields, correlationID: correlationID)
            do {
                lines.append(try EventLine.parse(Array(json.utf8), line: row.number))
            } catch {
                evaluation.problems.append(problem(from: error, spec: event.spec, row: row))
            }
        }
        return evaluation.problems.isEmpty ? (lines, []) : ([], evaluation.problems)
    }

    /// The event built from typed values, or `nil` when the direct path does not take it (then
    /// the NDJSON line decides, with the same result or the error).
    private func directLine(
        _ event: CompiledEvent, _ fields: EventFields, stream: StreamName, correlationID: String, row: Int
    ) -> EventLine? {
        guard let decoder = event.decoder else { return nil }
        let occurredAt: Timestamp
        switch fields.occurredAt {
        case .timestamp(let instant): occurredAt = instant
        case .text(let text):
            guard let instant = Timestamp(iso8601: text) else { return nil }
            occurredAt = instant
        default: return nil
        }
        // Flat payloads only (a decoder is given to no other): each key is its field's name.
        var reader = PayloadFieldsReader(fields.data)
        guard let payload = decoder(&reader) else { return nil }
        return EventLine(
            line: row, stream: stream, event: payload, occurredAt: occurredAt, actor: mapping.actor,
            correlationID: correlationID)
    }

    /// The NDJSON line of an event.
    private func ndjson(_ event: CompiledEvent, _ fields: EventFields, correlationID: String) -> String {
        var data = JSONObject()
        for field in fields.data { data.set(field.value.json, at: field.name.split(separator: ".").map(String.init)) }
        var out = "{\"stream\":" + CellReader.jsonString(fields.stream) + ",\"type\":"
        out += CellReader.jsonString(event.spec.type)
        out += ",\"occurredAt\":" + fields.occurredAt.json + ",\"actor\":" + CellReader.jsonString(mapping.actor)
        out += ",\"correlationId\":" + CellReader.jsonString(correlationID)
        return out + ",\"data\":" + data.json + "}"
    }

    /// A catalogue error as a row problem, naming the column that fed the field.
    private func problem(from error: CatalogueError, spec: EventSpec, row: SourceRow) -> RowProblem {
        var column: String?
        if let path = error.fieldPath {
            if path.hasPrefix("data.") {
                // `outcomes[0].outcome` is fed by the mapping's `outcomes[].outcome`.
                let field = String(path.dropFirst(5)).replacing(/\[[0-9]+\]/, with: "[]")
                let key = spec.data.keys.sorted().last { field == $0 || field.hasPrefix($0 + ".") }
                column = key.flatMap { spec.data[$0] }.flatMap { mapping.values[$0]?.column }
            } else if path == "occurredAt" {
                column = mapping.values[spec.occurredAt]?.column
            } else if path == "stream" {
                column = EventSpec.placeholders(in: spec.stream).first.flatMap { mapping.values[$0]?.column }
            }
        }
        return RowProblem(
            row: row.number, column: column, field: "\(spec.type) \(error.fieldPath ?? "")", message: error.message)
    }

    /// The text of a JSON string literal (values here are produced by ``CellReader`` and never
    /// need unescaping beyond quotes for identifiers).
    static func unquoted(_ json: String) -> String {
        json.hasPrefix("\"") && json.hasSuffix("\"") && json.count >= 2 ? String(json.dropFirst().dropLast()) : json
    }
}

/// The parts of one event read from a row: its stream, `occurredAt` and payload values.
private struct EventFields {
    var stream: String
    var occurredAt: PayloadValue
    /// The payload's values by the field the mapping names (dotted for a nested one).
    var data: [(name: String, value: PayloadValue)]
}

/// A JSON object built from dotted paths, rendered with its keys in sorted order. A path segment
/// ending in `[]` (`points[].pointId`) is a list holding one object: a row gives one item.
struct JSONObject {
    private var fields: [String: Node] = [:]

    private indirect enum Node {
        case value(String)
        case object(JSONObject)
        case list(JSONObject)
    }

    /// Sets the JSON `value` at `path` (nested objects and one-item lists made as needed).
    mutating func set(_ value: String, at path: [String]) {
        guard let first = path.first else { return }
        if path.count == 1 {
            fields[first] = .value(value)
            return
        }
        let isList = first.hasSuffix("[]") && first.count > 2
        let key = isList ? String(first.dropLast(2)) : first
        var child: JSONObject
        switch fields[key] {
        case .object(let existing)?, .list(let existing)?: child = existing
        default: child = JSONObject()
        }
        child.set(value, at: Array(path.dropFirst()))
        fields[key] = isList ? .list(child) : .object(child)
    }

    /// The object as JSON text.
    var json: String {
        "{"
            + fields.keys.sorted().map { key in
                let text: String
                switch fields[key] {
                case .value(let v): text = v
                case .object(let o): text = o.json
                case .list(let o): text = "[" + o.json + "]"
                case .none: text = "null"
                }
                return CellReader.jsonString(key) + ":" + text
            }.joined(separator: ",") + "}"
    }
}

/// The values of one row, read once each, and the problems found while reading them.
private struct RowEvaluation {
    /// What is known of a slot's value.
    private enum State {
        case unread
        case empty
        case value(PayloadValue)
        case unreadable
    }

    /// The mapper's slots (not the whole mapper: a copy of it per row retained each of its parts).
    let slots: [RowMapper.Slot]
    let row: SourceRow
    var problems: [RowProblem] = []
    private var states: [State]
    /// The last stream built without a problem, and its template (``RowMapper/CompiledEvent/streamTemplate``).
    private var builtStream: (template: Int, text: String)?

    init(mapper: RowMapper, row: SourceRow) {
        slots = mapper.slots
        self.row = row
        states = Array(repeating: .unread, count: slots.count)
    }

    /// A value: `.some(nil)` when empty, `nil` when unreadable (its problem recorded once).
    mutating func value(_ slot: Int, field: @autoclosure () -> String?) -> PayloadValue?? {
        guard slot >= 0, slot < states.count else { return .none }
        switch states[slot] {
        case .value(let value): return .some(value)
        case .empty: return .some(nil)
        case .unreadable: return .none
        case .unread: break
        }
        let spec = slots[slot]
        let cell: String
        if let literal = spec.spec.literal {
            cell = literal
        } else if let column = spec.column, column >= 0, column < row.values.count {
            cell = row.values[column]
        } else {
            cell = ""
        }
        if cell.isEmpty {
            states[slot] = .empty
            return .some(nil)
        }
        switch CellReader.value(cell, spec: spec.spec, format: spec.format) {
        case .success(let value):
            states[slot] = .value(value)
            return .some(value)
        case .failure(let problem):
            states[slot] = .unreadable
            problems.append(
                RowProblem(row: row.number, column: spec.spec.column, field: field(), message: problem.message))
            return .none
        }
    }

    /// A value the event needs: `nil` when empty and optional, or when a problem was recorded
    /// (then `failed` is set).
    private mutating func required(_ slot: Int, _ field: String, failed: inout Bool) -> PayloadValue? {
        switch value(slot, field: field) {
        case .none:
            failed = true
            return nil
        case .some(.none):
            let spec = slot >= 0 && slot < slots.count ? slots[slot].spec : nil
            if spec?.optional == true { return nil }
            failed = true
            problems.append(RowProblem(row: row.number, column: spec?.column, field: field, message: "is empty"))
            return nil
        case .some(.some(let value)):
            return value
        }
    }

    /// The stream, `occurredAt` and payload of one event, or `nil` (with problems recorded) when
    /// a value is missing or unreadable.
    mutating func fields(of event: RowMapper.CompiledEvent) -> EventFields? {
        var failed = false
        var stream = ""
        if let built = builtStream, built.template == event.streamTemplate {
            // Built without a problem for an earlier event of the row: the same text again.
            stream = built.text
        } else {
            for piece in event.stream {
                switch piece {
                case .text(let text): stream += text
                case .slot(let slot):
                    if let value = required(slot, event.streamField, failed: &failed) {
                        stream += Self.streamText(value)
                    }
                }
            }
            if !failed { builtStream = (event.streamTemplate, stream) }
        }
        var occurredAt = required(event.occurredAt, event.occurredAtField, failed: &failed)
        if case .text(let text)? = occurredAt, text.utf8.count == 10, let day = CareDate(iso8601: text) {
            // A date: the event is taken to occur at the start of that UK day.
            occurredAt = .timestamp(Timestamp(millisecondsSinceEpoch: UKTime.startOfDay(day)))
        }
        var data: [(name: String, value: PayloadValue)] = []
        data.reserveCapacity(event.data.count)
        for field in event.data {
            guard let value = required(field.slot, field.label, failed: &failed) else { continue }
            data.append((field.key, value))
        }
        guard !failed, let occurredAt else { return nil }
        return EventFields(stream: stream, occurredAt: occurredAt, data: data)
    }

    /// A value as it stands in a stream name: text as it is (a stream with quotes, backslashes or
    /// control characters is refused anyway), anything else as its JSON without quotes.
    private static func streamText(_ value: PayloadValue) -> String {
        if case .text(let text) = value { return CellReader.isPlain(text) ? text : RowMapper.unquoted(value.json) }
        return RowMapper.unquoted(value.json)
    }
}
