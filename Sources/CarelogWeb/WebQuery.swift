import CareCalendar
import EventLog
import Reports

/// A page's query parameters, read and checked: errors name the parameter, never its value.
package struct WebQuery: Sendable {
    private let values: [String: String]

    /// The parameters (the first of each name; empty values count as absent).
    package init(_ pairs: [(String, String)]) {
        var values: [String: String] = [:]
        for (name, value) in pairs where values[name] == nil && !value.isEmpty { values[name] = value }
        self.values = values
    }

    /// Every parameter given, by name (what a page's access record names).
    package var fields: [String: String] { values }

    /// The raw text of a parameter (to put back in a form, escaped there).
    package subscript(_ name: String) -> String? { values[name] }

    /// A date parameter (`YYYY-MM-DD`), or `fallback` when absent.
    package func date(_ name: String, default fallback: CareDate) throws(WebInputError) -> CareDate {
        guard let text = values[name] else { return fallback }
        guard let date = CareDate(iso8601: text) else { throw .invalid(name, "a date, YYYY-MM-DD") }
        return date
    }

    /// A log position parameter (default `knownAt`): `head` (the default), a sequence number,
    /// or an instant (`2026-01-31T17:00:00Z`).
    package func knownAt(_ name: String = "knownAt") throws(WebInputError) -> KnownAt {
        guard let text = values[name], text != "head" else { return .head }
        if let sequence = UInt64(text) { return .sequence(sequence) }
        if let instant = Timestamp(iso8601: text) { return .recordedAt(instant) }
        throw .invalid(name, "head, a log sequence number or an instant such as 2026-01-31T17:00:00Z")
    }

    /// The `format` parameter (default CSV).
    package func format() throws(WebInputError) -> ReportFormat {
        guard let text = values["format"] else { return .csv }
        guard let format = ReportFormat(parsing: text) else { throw .invalid("format", "markdown, csv, json or html") }
        return format
    }

    /// A quarter parameter (`2026-Q1`), or nil when absent.
    package func quarter(_ name: String) throws(WebInputError) -> Quarter? {
        guard let text = values[name] else { return nil }
        guard let quarter = Quarter(text) else { throw .invalid(name, "a quarter such as 2026-Q1") }
        return quarter
    }
}

/// A query parameter a page cannot use.
package enum WebInputError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The named parameter is not of the expected form.
    case invalid(String, String)

    package var description: String {
        switch self {
        case .invalid(let name, let expected): return "the \(name) field must be \(expected)"
        }
    }
}
