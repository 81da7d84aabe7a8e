import CareCalendar
import CareRecord
import EventLog

/// Turns a ``SourceRow`` into the same ``CareRecord/EventLine``s the NDJSON import reads: each
/// event of the mapping is written as an NDJSON line and parsed by ``CareRecord/EventLine/parse(_:line:)``,
/// so envelope, payload and vocabulary checks are the catalogue's own (one validation path).
///
/// Each event carries `correlationId` `<source>:<record id>`, which ties it to its row.
public struct RowMapper: Sendable {
    /// The mapping.
    public let mapping: SourceMapping

    /// A mapper for a mapping.
    public init(mapping: SourceMapping) { self.mapping = mapping }

    /// The events of a row, or (with no events) every problem found in it, not just the first.
    ///
    /// The event lines' `line` is the row number.
    public func events(of row: SourceRow) -> (lines: [EventLine], problems: [RowProblem]) {
        var evaluation = RowEvaluation(mapping: mapping, row: row)
        let recordId = row.cells[mapping.recordId] ?? ""
        if recordId.isEmpty {
            evaluation.problems.append(
                RowProblem(
                    row: row.number, column: mapping.recordId, message: "is empty; every row needs its record id"))
        }
        var lines: [EventLine] = []
        for spec in mapping.events {
            // The event is left out when a value it depends on is empty.
            var present = true
            for name in spec.when ?? [] {
                if case .some(.none) = evaluation.value(name, field: "\(spec.type) when") { present = false }
            }
            guard present, let json = evaluation.ndjson(of: spec, recordId: recordId) else { continue }
            do {
                lines.append(try EventLine.parse(Array(json.utf8), line: row.number))
            } catch {
                evaluation.problems.append(problem(from: error, spec: spec, row: row))
            }
        }
        return evaluation.problems.isEmpty ? (lines, []) : ([], evaluation.problems)
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
    let mapping: SourceMapping
    let row: SourceRow
    var problems: [RowProblem] = []
    private var cache: [String: String?] = [:]
    /// Values found unreadable (their problem recorded once).
    private var unreadable: Set<String> = []

    init(mapping: SourceMapping, row: SourceRow) {
        self.mapping = mapping
        self.row = row
    }

    /// The JSON of a named value: `.some(nil)` when empty, `nil` when unreadable (problem recorded).
    mutating func value(_ name: String, field: String?) -> String?? {
        if let known = cache[name] { return .some(known) }
        if unreadable.contains(name) { return .none }
        guard let spec = mapping.values[name] else { return .none }
        let cell = spec.literal ?? spec.column.flatMap { row.cells[$0] } ?? ""
        if cell.isEmpty {
            cache[name] = .some(nil)
            return .some(nil)
        }
        switch CellReader.json(cell, spec: spec) {
        case .success(let json):
            cache[name] = .some(json)
            return .some(json)
        case .failure(let problem):
            unreadable.insert(name)
            problems.append(RowProblem(row: row.number, column: spec.column, field: field, message: problem.message))
            return .none
        }
    }

    /// A value the event needs: `nil` when empty and optional, or when a problem was recorded
    /// (then `failed` is set).
    private mutating func required(_ name: String, _ field: String, failed: inout Bool) -> String? {
        switch value(name, field: field) {
        case .none:
            failed = true
            return nil
        case .some(.none):
            if mapping.values[name]?.optional == true { return nil }
            failed = true
            problems.append(
                RowProblem(row: row.number, column: mapping.values[name]?.column, field: field, message: "is empty"))
            return nil
        case .some(.some(let json)):
            return json
        }
    }

    /// The NDJSON line of one event, or `nil` (with problems recorded) when a value is missing.
    mutating func ndjson(of spec: EventSpec, recordId: String) -> String? {
        var failed = false
        var stream = ""
        var rest = Substring(spec.stream)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            stream += rest[..<open]
            let name = String(rest[rest.index(after: open)..<close])
            if let json = required(name, "\(spec.type) stream", failed: &failed) { stream += RowMapper.unquoted(json) }
            rest = rest[rest.index(after: close)...]
        }
        stream += rest
        var occurredAt = required(spec.occurredAt, "\(spec.type) occurredAt", failed: &failed)
        if let date = occurredAt, date.count == 12, let day = CareDate(iso8601: RowMapper.unquoted(date)) {
            // A date: the event is taken to occur at the start of that UK day.
            occurredAt = CellReader.jsonString(Timestamp(millisecondsSinceEpoch: UKTime.startOfDay(day)).iso8601)
        }
        var data = JSONObject()
        for field in spec.data.keys.sorted() {
            guard let name = spec.data[field],
                let json = required(name, "\(spec.type) data.\(field)", failed: &failed)
            else { continue }
            data.set(json, at: field.split(separator: ".").map(String.init))
        }
        guard !failed, let occurredAt else { return nil }
        var out = "{\"stream\":" + CellReader.jsonString(stream) + ",\"type\":" + CellReader.jsonString(spec.type)
        out += ",\"occurredAt\":" + occurredAt + ",\"actor\":" + CellReader.jsonString(mapping.actor)
        out += ",\"correlationId\":" + CellReader.jsonString(mapping.source + ":" + recordId)
        return out + ",\"data\":" + data.json + "}"
    }
}
