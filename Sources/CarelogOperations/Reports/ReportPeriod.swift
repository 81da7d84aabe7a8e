import CareCalendar

/// The period and quarter rules the report commands and the service share.
package enum ReportPeriod {
    /// The years a RAG quarter may name (its previous quarter is rated too).
    package static let quarterYears = 1900...9998

    /// The period of a period report: `from` (default: the first day of the quarter containing
    /// `to`, else `asAt`) to `to` (default: `asAt`).
    ///
    /// - Throws: ``CarelogError/usage(_:)`` when `from` is after `to`.
    package static func period(from: CareDate?, to: CareDate?, asAt: CareDate) throws(CarelogError)
        -> ClosedRange<CareDate>
    {
        if let from, let to, from > to { throw .usage("--from must not be after --to") }
        let start = from ?? Quarter.containing(to ?? asAt).firstDay
        let end = to ?? asAt
        return start...max(start, end)
    }

    /// The most calendar months a compliance trend covers: one compliance fold per month, so a
    /// bound on its memory and time (20 years; an IJB report compares 6).
    package static let trendMonths = 240

    /// Refuses a trend period touching more than ``trendMonths`` calendar months (usage error).
    package static func checkTrend(_ period: ClosedRange<CareDate>) throws(CarelogError) {
        let from = period.lowerBound
        let to = period.upperBound
        let months = (to.year - from.year) * 12 + (to.month - from.month) + 1
        if months > trendMonths {
            throw .usage(
                "the compliance trend covers at most \(trendMonths) calendar months; give a shorter period (--from/--to)"
            )
        }
    }

    /// Refuses a quarter out of range or not yet begun on the reporting date (usage errors).
    package static func quarter(_ quarter: Quarter, asAt: CareDate) throws(CarelogError) -> Quarter {
        guard quarterYears.contains(quarter.year) else {
            throw .usage(
                "the quarter (--quarter, or the quarter of --as-at) must be in the years \(quarterYears.lowerBound)–\(quarterYears.upperBound)"
            )
        }
        guard quarter.firstDay <= asAt else {
            throw .usage(
                "quarter \(quarter) has not begun on the reporting date \(asAt.iso8601); give an --as-at on or after \(quarter.firstDay.iso8601) or an earlier --quarter"
            )
        }
        return quarter
    }
}
