import Foundation
import Yams

/// How one export (an ECM visit file, a case-system extract, a training matrix…) becomes
/// Carelog events: read from a YAML mapping file (`carelog import --mapping FILE SOURCE`).
///
/// Docs/import.md gives the exact field table. In short: ``values`` names what each row holds
/// (which column, how to read it), ``events`` says which events a row produces from those values,
/// and ``recordId`` names the column holding the source's own record id.
public struct SourceMapping: Decodable, Sendable {
    /// The source's name, e.g. `cm2000`: prefixes every event's correlation id
    /// (`<source>:<record id>`), so an event can be traced to its row.
    public var source: String
    /// The field delimiter: `,` (default), `;` or a tab.
    public var delimiter: String?
    /// The 1-based row holding the column names (default 1): rows above it (titles, merged group
    /// headings) are skipped.
    public var headerRow: Int?
    /// Who records the events, e.g. `system/cm2000` (an identifier, never a name).
    public var actor: String
    /// The column holding the source's own record id (required on every row).
    public var recordId: String
    /// The named values of a row.
    public var values: [String: ValueSpec]
    /// The events each row produces, in order.
    public var events: [EventSpec]

    /// Reads a mapping from YAML text.
    ///
    /// - Throws: ``MappingError`` naming the key that is missing or wrong.
    public static func parse(yaml text: String) throws(MappingError) -> SourceMapping {
        let mapping: SourceMapping
        do {
            mapping = try YAMLDecoder().decode(SourceMapping.self, from: text)
        } catch let error as DecodingError {
            throw MappingError(describing: error)
        } catch {
            throw MappingError(message: "is not valid YAML (\(type(of: error)))")
        }
        try mapping.check()
        return mapping
    }

    /// The delimiter as a Unicode scalar.
    var delimiterScalar: Unicode.Scalar {
        switch delimiter {
        case ";": return ";"
        case "\t", "tab": return "\t"
        default: return ","
        }
    }

    /// Checks references between the parts of the mapping.
    func check() throws(MappingError) {
        guard !source.isEmpty, source.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
            throw MappingError(message: "source: must be a name of letters, digits, - and _")
        }
        if let delimiter, ![",", ";", "\t", "tab"].contains(delimiter) {
            throw MappingError(message: "delimiter: must be \",\", \";\" or \"tab\"")
        }
        if let headerRow, headerRow < 1 { throw MappingError(message: "headerRow: must be 1 or more") }
        guard !events.isEmpty else { throw MappingError(message: "events: at least one event is needed") }
        for (name, spec) in values {
            if spec.column == nil, spec.literal == nil {
                throw MappingError(message: "values.\(name): needs column or literal")
            }
            if let format = spec.format, ValueSpec.Format(rawValue: format) == nil {
                throw MappingError(
                    message: "values.\(name).format: must be one of \(ValueSpec.Format.allCases.map(\.rawValue))")
            }
        }
        for (index, event) in events.enumerated() {
            var names = Array(event.data.values) + [event.occurredAt] + (event.when ?? [])
            names += EventSpec.placeholders(in: event.stream)
            for name in names where values[name] == nil {
                throw MappingError(message: "events[\(index)] (\(event.type)): names the value \(name), not in values")
            }
        }
    }
}

/// A mapping file that cannot be used: names the key and says why.
public struct MappingError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What is wrong, starting with the key.
    public var message: String

    /// An error with a message.
    public init(message: String) { self.message = message }

    /// The key path and reason of a decoding error.
    init(describing error: DecodingError) {
        func path(_ codingPath: [any CodingKey]) -> String {
            codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context):
            let parent = path(context.codingPath)
            message = "\(parent.isEmpty ? "" : parent + ".")\(key.stringValue): is required"
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            message = "\(path(context.codingPath)): must be \(type)"
        case .dataCorrupted(let context):
            let at = path(context.codingPath)
            message = at.isEmpty ? "is not valid YAML" : "\(at): is not a valid value"
        @unknown default:
            message = "cannot be read"
        }
    }

    /// `mapping: <message>`.
    public var description: String { "mapping: " + message }
}
