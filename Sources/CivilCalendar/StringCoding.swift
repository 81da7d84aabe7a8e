/// `Codable` for values that JSON holds as one string (`CareDate`, `Quarter`, `Timestamp`,
/// `StreamName`, `EventHash`): the text form out, the type's own strict parser in. It lives in
/// this leaf, beside the day arithmetic, because both the event log and the care calendar use it.
///
/// Decoding failures say what was expected and never echo the value (it may be personal data).
package enum StringCoding {
    /// Decodes a string and parses it with `parse`; a `dataCorrupted` error whose description
    /// begins with `expectation` when `parse` rejects it.
    package static func decode<Value>(
        from decoder: any Decoder, expecting expectation: String, _ parse: (String) -> Value?
    ) throws -> Value {
        let container = try decoder.singleValueContainer()
        guard let value = parse(try container.decode(String.self)) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: expectation)
        }
        return value
    }

    /// Encodes `text` as a single string value.
    package static func encode(_ text: String, to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }
}
