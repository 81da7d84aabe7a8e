/// One field of an event's payload summary in the audit timeline: a dotted path and a value
/// that is never free text (free text is shown as `‹text›`).
public struct AuditField: Hashable, Sendable {
    /// The field path, e.g. `kind` or `indicator.target`.
    public var key: String
    /// The value, or `‹text›` / `‹n texts›` where the payload holds free text.
    public var value: String

    /// Creates a field.
    public init(_ key: String, _ value: String) {
        self.key = key
        self.value = value
    }

    /// `key=value; key=value` for a list of fields.
    public static func joined(_ fields: [AuditField]) -> String {
        fields.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
    }
}
