import CareCalendar

/// A calendar quarter used by improvement-programme updates, written `2020-Q1`
/// (Q1 = January–March, as in the East Renfrewshire seed's "Q1 2020 (Jan, Feb, Mar)").
public struct ReportingQuarter: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The calendar year, e.g. 2020.
    public let year: Int
    /// The quarter, 1–4.
    public let quarter: Int

    /// A quarter; `nil` unless `quarter` is 1–4 and `year` is 1–9999.
    public init?(year: Int, quarter: Int) {
        guard (1...9999).contains(year), (1...4).contains(quarter) else { return nil }
        self.year = year
        self.quarter = quarter
    }

    /// Parses `YYYY-Qn` strictly.
    public init?(_ text: String) {
        let b = Array(text.utf8)
        guard b.count == 7, b[4] == 45, b[5] == 81 else { return nil }  // "-", "Q"
        var y = 0
        for c in b[0..<4] {
            guard c >= 48, c <= 57 else { return nil }
            y = y * 10 + Int(c - 48)
        }
        guard b[6] >= 49, b[6] <= 52 else { return nil }
        self.init(year: y, quarter: Int(b[6] - 48))
    }

    /// The quarter containing `date`.
    public init(containing date: CareDate) {
        self.year = date.year
        self.quarter = (date.month - 1) / 3 + 1
    }

    /// The first day of the quarter.
    public var firstDay: CareDate { CareDate(year: year, month: (quarter - 1) * 3 + 1, day: 1)! }

    /// The last day of the quarter.
    public var lastDay: CareDate { firstDay.adding(months: 3).adding(days: -1) }

    /// The quarter before this one.
    public var previous: ReportingQuarter {
        quarter == 1 ? ReportingQuarter(year: year - 1, quarter: 4)! : ReportingQuarter(year: year, quarter: quarter - 1)!
    }

    /// The quarter after this one.
    public var next: ReportingQuarter {
        quarter == 4 ? ReportingQuarter(year: year + 1, quarter: 1)! : ReportingQuarter(year: year, quarter: quarter + 1)!
    }

    /// `2020-Q1`.
    public var description: String {
        let y = String(year)
        return String(repeating: "0", count: max(0, 4 - y.count)) + y + "-Q" + String(quarter)
    }

    public static func < (lhs: ReportingQuarter, rhs: ReportingQuarter) -> Bool {
        (lhs.year, lhs.quarter) < (rhs.year, rhs.quarter)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        guard let value = ReportingQuarter(try container.decode(String.self)) else {
            throw PayloadFieldError(
                path: FieldPath.render(decoder.codingPath), kind: .malformed,
                message: "must be a quarter written YYYY-Qn, e.g. 2020-Q1")
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
