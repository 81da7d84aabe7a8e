import CareCalendar

/// The `warm` member of the service configuration: whether `carelog serve` keeps the dashboards'
/// saved fold states up to date (``ReportWarmer``), and for which reporting dates besides today.
///
/// ```json
/// "warm": { "enabled": true, "reportingDates": ["2026-12-31"] }
/// ```
///
/// Both members are optional: without the member (or with `"enabled": true`) the service warms
/// the reports as at today in the UK; `reportingDates` adds dates a partnership keeps looking at
/// (the end of the quarter a Board paper reports on, or the last day of an archived log), each
/// warmed with the pages' defaults for that date. `carelog serve --no-warm` turns warming off
/// whatever the file says.
package struct ReportWarmingConfiguration: Codable, Hashable, Sendable {
    /// Whether the warmer runs (default true).
    package var enabled: Bool?
    /// Reporting dates (`YYYY-MM-DD`) warmed besides today.
    package var reportingDates: [String]?

    package init(enabled: Bool? = nil, reportingDates: [String]? = nil) {
        self.enabled = enabled
        self.reportingDates = reportingDates
    }

    /// Whether warming is on.
    package var isEnabled: Bool { enabled ?? true }

    /// The extra reporting dates, checked: a message naming the entry (never its value) for one
    /// that is not a date.
    package func dates() throws(ServiceSetupError) -> [CareDate] {
        var out: [CareDate] = []
        for (index, text) in (reportingDates ?? []).enumerated() {
            guard let date = CareDate(iso8601: text) else {
                throw .configuration("warm.reportingDates[\(index)] must be a date written YYYY-MM-DD")
            }
            out.append(date)
        }
        return out
    }
}
