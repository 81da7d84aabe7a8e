/// One event a row produces.
public struct EventSpec: Decodable, Sendable {
    /// The event type, e.g. `VisitCheckedIn`.
    public var type: String
    /// The stream, with values in braces, e.g. `visit/{visit}`.
    public var stream: String
    /// The value giving `occurredAt` (a timestamp, or a date taken as its UK midnight).
    public var occurredAt: String
    /// The event is produced only when all these values are present (non-empty); otherwise the
    /// row simply has no such event (e.g. no check-in yet).
    public var when: [String]?
    /// Payload field → value name. A dotted field (`target.stream`) builds a nested object.
    public var data: [String: String]

    /// The `{name}` placeholders of a stream template.
    static func placeholders(in template: String) -> [String] {
        var names: [String] = []
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            guard let close = rest[open...].firstIndex(of: "}") else { break }
            names.append(String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return names
    }
}
