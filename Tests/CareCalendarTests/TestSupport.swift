import CareCalendar

/// A date from a literal the test author wrote by hand; a typo fails loudly.
func d(_ text: String) -> CareDate {
    guard let date = CareDate(iso8601: text) else { fatalError("bad test date literal \(text)") }
    return date
}

/// Dates from hand-written literals.
func ds(_ texts: [String]) -> [CareDate] { texts.map(d) }
