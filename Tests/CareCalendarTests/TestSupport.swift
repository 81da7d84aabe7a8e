import CareCalendar
import Testing

/// A date from a literal the test author wrote by hand. A typo records an issue against the
/// calling test (and gives 1970-01-01), so it fails that test, not the whole run.
func d(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> CareDate {
    guard let date = CareDate(iso8601: text) else {
        Issue.record("bad test date literal \(text)", sourceLocation: sourceLocation)
        return CareDate(daysSinceEpoch: 0)
    }
    return date
}

/// Dates from hand-written literals.
func ds(_ texts: [String], sourceLocation: SourceLocation = #_sourceLocation) -> [CareDate] {
    texts.map { d($0, sourceLocation: sourceLocation) }
}
