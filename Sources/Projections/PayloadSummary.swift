import CareCalendar
import CareRecord
import EventLog
import Foundation

/// Summarises an event payload for audit views without repeating free text.
///
/// Kept: numbers, booleans, instants, dates and quarters, catalogue vocabulary values, event
/// type names, and fields whose name ends in `Id`, `Ids` or `Reference` or is `sequence`
/// (references to other records). Any other string is free text and is replaced by `‹text›`;
/// a list of free-text strings by `‹n texts›`. Keys are sorted; nested objects use dotted paths.
public enum PayloadSummary {
    /// The summary of a care event's payload.
    public static func fields(of event: CareEvent) -> [AuditField] {
        guard let value = try? JSONDecoder().decode(JSONValue.self, from: Data(CareEventCodec.encode(event))) else {
            return []
        }
        var vocabulary = Set(CareEventCodec.eventTypes)
        collectVocabulary(in: event.payload, into: &vocabulary)
        var out: [AuditField] = []
        flatten(value, path: "", referenceField: false, vocabulary: vocabulary, into: &out)
        return out
    }

    /// Every closed-vocabulary value `value` holds, found by walking it: a string in the payload
    /// is shown only when the typed event holds it as a ``CatalogueEnum`` value, so no list of the
    /// catalogue's vocabularies is kept here.
    package static func collectVocabulary(in value: Any, into values: inout Set<String>) {
        if let term = value as? any CatalogueEnum {
            values.insert(term.rawValue)
            return
        }
        for child in Mirror(reflecting: value).children { collectVocabulary(in: child.value, into: &values) }
    }

    private static func isReferenceKey(_ key: String) -> Bool {
        key == "sequence" || key.hasSuffix("Id") || key.hasSuffix("Ids") || key.hasSuffix("Reference")
    }

    /// Whether a string may be shown: a reference, an instant, a date, a quarter or a vocabulary value.
    private static func isShowable(_ text: String, referenceField: Bool, vocabulary: Set<String>) -> Bool {
        referenceField || vocabulary.contains(text) || Timestamp(iso8601: text) != nil
            || CareDate(iso8601: text) != nil || Quarter(text) != nil
    }

    private static func flatten(
        _ value: JSONValue, path: String, referenceField: Bool, vocabulary: Set<String>, into out: inout [AuditField]
    ) {
        switch value {
        case .null:
            return
        case .bool(let b):
            out.append(AuditField(path, b ? "true" : "false"))
        case .number(let text):
            out.append(AuditField(path, text))
        case .string(let text):
            out.append(
                AuditField(
                    path, isShowable(text, referenceField: referenceField, vocabulary: vocabulary) ? text : "‹text›"))
        case .array(let items):
            if items.isEmpty {
                out.append(AuditField(path, "[]"))
                return
            }
            let strings = items.compactMap { item -> String? in
                if case .string(let s) = item { return s } else { return nil }
            }
            if strings.count == items.count {
                if strings.allSatisfy({ isShowable($0, referenceField: referenceField, vocabulary: vocabulary) }) {
                    out.append(AuditField(path, "[" + strings.joined(separator: ", ") + "]"))
                } else {
                    out.append(AuditField(path, strings.count == 1 ? "‹1 text›" : "‹\(strings.count) texts›"))
                }
                return
            }
            for (i, item) in items.enumerated() {
                flatten(item, path: "\(path)[\(i)]", referenceField: referenceField, vocabulary: vocabulary, into: &out)
            }
        case .object(let members):
            for (key, member) in members.sorted(by: { $0.key < $1.key }) {
                flatten(
                    member, path: path.isEmpty ? key : path + "." + key, referenceField: isReferenceKey(key),
                    vocabulary: vocabulary, into: &out
                )
            }
        }
    }
}

/// A parsed JSON value (numbers kept as their decimal text so nothing is rounded).
enum JSONValue: Decodable {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        if var list = try? decoder.unkeyedContainer() {
            var items: [JSONValue] = []
            while !list.isAtEnd { items.append(try list.decode(JSONValue.self)) }
            self = .array(items)
            return
        }
        if let keyed = try? decoder.container(keyedBy: AnyKey.self) {
            var members: [String: JSONValue] = [:]
            for key in keyed.allKeys { members[key.stringValue] = try keyed.decode(JSONValue.self, forKey: key) }
            self = .object(members)
            return
        }
        let single = try decoder.singleValueContainer()
        if single.decodeNil() {
            self = .null
        } else if let b = try? single.decode(Bool.self) {
            self = .bool(b)
        } else if let i = try? single.decode(Int64.self) {
            self = .number(String(i))
        } else if let d = try? single.decode(Double.self) {
            self = .number(String(d))
        } else {
            self = .string(try single.decode(String.self))
        }
    }

    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
