/// A closed vocabulary stored as a JSON string (e.g. an outcome or a category).
///
/// Decoding an unknown value fails with a ``PayloadFieldError`` that lists the accepted values
/// and never repeats the value that was given (it may be free text typed into the wrong field).
public protocol CatalogueEnum: RawRepresentable, CaseIterable, Codable, Hashable, Sendable
where RawValue == String {}

extension CatalogueEnum {
    /// Decodes from a JSON string, rejecting anything outside ``allCases``.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = Self(rawValue: text) else {
            throw PayloadFieldError(
                path: FieldPath.render(decoder.codingPath), kind: .unknownValue,
                message: "unknown value; expected one of: \(Self.allowedValues)")
        }
        self = value
    }

    /// Encodes as its raw JSON string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    /// The accepted values, comma-separated, for error messages and documentation.
    public static var allowedValues: String { allCases.map(\.rawValue).joined(separator: ", ") }
}

/// A problem found while decoding one field of a payload, before it is placed on a line.
///
/// Thrown from `init(from:)` of catalogue types; ``CareEventCodec`` turns it into a
/// ``CatalogueError`` with the full field path.
public struct PayloadFieldError: Error, Hashable, Sendable {
    /// The field path as rendered by ``FieldPath/render(_:)``, e.g. `data.grades[0].grade`.
    public var path: String
    /// What kind of problem it is.
    public var kind: CatalogueError.Kind
    /// A message a user can act on, without the offending value.
    public var message: String

    /// Creates a field error.
    public init(path: String, kind: CatalogueError.Kind, message: String) {
        self.path = path
        self.kind = kind
        self.message = message
    }
}

/// Renders coding paths as the field paths users see: `data.grades[0].grade`.
public enum FieldPath {
    /// Joins keys with `.` and writes array positions as `[i]`.
    public static func render(_ codingPath: [any CodingKey]) -> String {
        var out = ""
        for key in codingPath {
            if let index = key.intValue, key.stringValue.hasPrefix("Index ") || key.stringValue == String(index) {
                out += "[\(index)]"
            } else {
                if !out.isEmpty { out += "." }
                out += key.stringValue
            }
        }
        return out
    }
}
