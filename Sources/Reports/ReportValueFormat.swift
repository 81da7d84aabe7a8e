import CareCalendar
import EventLog
import Projections

/// The plain-text spellings shared by every renderer, computed with integer arithmetic so they
/// never depend on the host's locale, time zone or floating-point formatting.
enum ReportValueFormat {
    /// A percentage in tenths of a per cent, rounded half away from zero; `nil` when the
    /// denominator is 0. 45/50 → 900 (90.0%); 1/3 → 333; 2/3 → 667.
    static func percentTenths(numerator: Int, denominator: Int) -> Int? {
        guard denominator != 0 else { return nil }
        let n = Int128(numerator)
        let d = Int128(denominator)
        let magnitude = (2000 * abs(n) + abs(d)) / (2 * abs(d))
        let negative = (n < 0) != (d < 0) && n != 0
        let clamped = min(magnitude, Int128(Int.max))
        return negative ? -Int(clamped) : Int(clamped)
    }

    /// A percentage with one decimal place and no `%`, e.g. `90.0`, `33.3`, `-2.5`; `nil` when
    /// the denominator is 0. This exact spelling is also the JSON number and the CSV `…Percent` field.
    static func percent(numerator: Int, denominator: Int) -> String? {
        guard let tenths = percentTenths(numerator: numerator, denominator: denominator) else { return nil }
        let sign = tenths < 0 ? "-" : ""
        let m = tenths.magnitude
        return "\(sign)\(m / 10).\(m % 10)"
    }

    /// `45/50 (90.0%)`, or `0/0 (–)` (an en dash) when there is no denominator.
    static func fraction(numerator: Int, denominator: Int) -> String {
        let share = percent(numerator: numerator, denominator: denominator).map { "\($0)%" } ?? "\u{2013}"
        return "\(numerator)/\(denominator) (\(share))"
    }

    /// An instant as UK wall-clock time for people: `2020-01-29 09:30 GMT`, `2020-06-01 10:05 BST`.
    static func ukInstant(_ instant: Timestamp) -> String {
        let ms = instant.millisecondsSinceEpoch
        let date = UKTime.ukDate(epochMilliseconds: ms)
        let minuteOfDay = UKTime.ukMillisecondOfDay(epochMilliseconds: ms) / 60_000
        let zone = UKTime.isSummerTime(epochMilliseconds: ms) ? "BST" : "GMT"
        return "\(date.iso8601) \(twoDigits(minuteOfDay / 60)):\(twoDigits(minuteOfDay % 60)) \(zone)"
    }

    /// The reporting period for people: `2020-01-01 to 2020-03-31`.
    static func period(_ period: ClosedRange<CareDate>) -> String {
        "\(period.lowerBound.iso8601) to \(period.upperBound.iso8601)"
    }

    /// The RAG status in words, for tooltips and screen readers: `Red`, `Amber`, `Green`, `No data`.
    static func ragWord(_ status: RAGStatus) -> String {
        switch status {
        case .red: return "Red"
        case .amber: return "Amber"
        case .green: return "Green"
        case .noData: return "No data"
        }
    }

    /// The cells of one row, padded with `.empty` or cut to exactly `count` cells.
    static func cells(_ row: [ReportCell], count: Int) -> [ReportCell] {
        if row.count == count { return row }
        if row.count > count { return Array(row.prefix(count)) }
        return row + Array(repeating: .empty, count: count - row.count)
    }

    private static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
