import CareCalendar
import EventLog

/// What a ``FastDecodable`` decoder reads a payload's fields from: the JSON bytes of a payload
/// (``FlatJSONReader``) or typed values given directly (``PayloadFieldsReader``, the mapped
/// import's cells). The decoder asks for each value in the type it expects; a reader throws
/// ``FlatJSONReader/NotHandled`` for anything it does not hand over exactly as `JSONDecoder`
/// would decode the same value, and the caller then takes the slow, fully checked path.
protocol FastPayloadReader {
    /// A key as the reader holds it, matched against field names in a `switch`.
    associatedtype Key: FastPayloadKey

    /// The next key, with the reader placed at its value; `nil` after the last.
    mutating func nextKey() throws(FlatJSONReader.NotHandled) -> Key?
    /// Consumes a `null` if it is the next value.
    mutating func null() -> Bool
    /// A boolean.
    mutating func bool() throws(FlatJSONReader.NotHandled) -> Bool
    /// A whole number.
    mutating func int() throws(FlatJSONReader.NotHandled) -> Int
    /// A number.
    mutating func double() throws(FlatJSONReader.NotHandled) -> Double
    /// A string.
    mutating func string() throws(FlatJSONReader.NotHandled) -> String
    /// A list of strings.
    mutating func stringArray() throws(FlatJSONReader.NotHandled) -> [String]
    /// An instant.
    mutating func timestamp() throws(FlatJSONReader.NotHandled) -> Timestamp
    /// A value of a closed vocabulary (default: by ``string()``; ``FlatJSONReader`` reads it even
    /// under a key whose text it otherwise leaves unread).
    mutating func value<E: CatalogueEnum>(_ type: E.Type) throws(FlatJSONReader.NotHandled) -> E
    /// A value of a closed vocabulary, one of `spellings` (its values with the bytes of their raw
    /// values, ``CanonicalPayloadCursor/spellings(of:)``): as ``value(_:)`` reads it (the
    /// default), but ``FlatJSONReader`` matches a plain string's bytes without making a `String`.
    mutating func value<E: CatalogueEnum>(among spellings: [(value: E, bytes: [UInt8])]) throws(FlatJSONReader
        .NotHandled) -> E
    /// A list of values of a closed vocabulary (default: by ``stringArray()``).
    mutating func values<E: CatalogueEnum>(_ type: E.Type) throws(FlatJSONReader.NotHandled) -> [E]
    /// A calendar date written `YYYY-MM-DD`, as ``CareDate`` decodes it (default: by ``string()``).
    mutating func date() throws(FlatJSONReader.NotHandled) -> CareDate
}

extension FastPayloadReader {
    /// `nil` for a `null`, otherwise the value `read` reads (as `decodeIfPresent` does).
    mutating func nullable<T>(_ read: (inout Self) throws(FlatJSONReader.NotHandled) -> T) throws(FlatJSONReader
        .NotHandled) -> T?
    {
        null() ? nil : try read(&self)
    }

    /// A value of a closed vocabulary, by its raw string (as ``CatalogueEnum`` decodes it).
    mutating func value<E: CatalogueEnum>(_ type: E.Type) throws(FlatJSONReader.NotHandled) -> E {
        guard let value = E(rawValue: try string()) else { throw FlatJSONReader.NotHandled() }
        return value
    }

    /// A value of a closed vocabulary, by its raw string (the spellings are not needed).
    mutating func value<E: CatalogueEnum>(among spellings: [(value: E, bytes: [UInt8])]) throws(FlatJSONReader
        .NotHandled) -> E
    {
        try value(E.self)
    }

    /// A list of values of a closed vocabulary, each by its raw string.
    mutating func values<E: CatalogueEnum>(_ type: E.Type) throws(FlatJSONReader.NotHandled) -> [E] {
        var values: [E] = []
        for text in try stringArray() {
            guard let value = E(rawValue: text) else { throw FlatJSONReader.NotHandled() }
            values.append(value)
        }
        return values
    }

    /// A calendar date, by ``CareDate/init(iso8601:)`` of its string.
    mutating func date() throws(FlatJSONReader.NotHandled) -> CareDate {
        guard let date = CareDate(iso8601: try string()) else { throw FlatJSONReader.NotHandled() }
        return date
    }
}
