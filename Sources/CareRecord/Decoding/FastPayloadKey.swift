/// A key that a `switch` matches against literal field names.
protocol FastPayloadKey {
    /// Whether the key is `name`, byte for byte.
    static func ~= (name: StaticString, key: Self) -> Bool
}
