/// A calendar quarter, written `2020-Q1` (January–March) … `2020-Q4` (October–December), for
/// quarterly returns, RAG tables and the `quarter` of `ActivityUpdateRecorded` (the one quarter
/// type: events, projections and the command line all use it).
public struct Quarter: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The calendar year, 1–9999.
    public let year: Int
    /// The quarter within the year, 1–4.
    public let number: Int

    /// A valid quarter; `nil` unless 1 ≤ number ≤ 4 and 1 ≤ year ≤ 9999.
    public init?(year: Int, number: Int) {
        guard (1...9999).contains(year), (1...4).contains(number) else { return nil }
        self.year = year
        self.number = number
    }

    /// Parses `YYYY-Qn` strictly (four-digit year, capital Q, n in 1–4); `nil` for anything else.
    public init?(_ text: String) {
        let b = Array(text.utf8)
        guard b.count == 7, b[4] == UInt8(ascii: "-"), b[5] == UInt8(ascii: "Q") else { return nil }
        var y = 0
        for i in 0..<4 {
            guard b[i] >= 48, b[i] <= 57 else { return nil }
            y = y * 10 + Int(b[i] - 48)
        }
        guard b[6] >= 49, b[6] <= 52 else { return nil }
        self.init(year: y, number: Int(b[6] - 48))
    }

    /// The quarter containing `date`.
    public static func containing(_ date: CareDate) -> Quarter {
        Quarter(uncheckedYear: date.year, number: (date.month - 1) / 3 + 1)
    }

    private init(uncheckedYear year: Int, number: Int) {
        self.year = year
        self.number = number
    }

    /// The first day of the quarter (1 Jan, 1 Apr, 1 Jul or 1 Oct).
    public var firstDay: CareDate { CareDate(uncheckedYear: year, month: number * 3 - 2, day: 1) }

    /// The last day of the quarter (31 Mar, 30 Jun, 30 Sep or 31 Dec).
    public var lastDay: CareDate {
        let month = number * 3
        return CareDate(uncheckedYear: year, month: month, day: CareDate.daysIn(month: month, year: year))
    }

    /// Whether `date` falls within the quarter.
    public func contains(_ date: CareDate) -> Bool { Quarter.containing(date) == self }

    /// The quarter before this one (2020-Q1 → 2019-Q4).
    public var previous: Quarter {
        number == 1 ? Quarter(uncheckedYear: year - 1, number: 4) : Quarter(uncheckedYear: year, number: number - 1)
    }

    /// The quarter after this one (2020-Q4 → 2021-Q1).
    public var next: Quarter {
        number == 4 ? Quarter(uncheckedYear: year + 1, number: 1) : Quarter(uncheckedYear: year, number: number + 1)
    }

    /// `YYYY-Qn`.
    public var description: String {
        let y = String(year)
        return String(repeating: "0", count: max(0, 4 - y.count)) + y + "-Q" + String(number)
    }

    /// Chronological order.
    public static func < (lhs: Quarter, rhs: Quarter) -> Bool { (lhs.year, lhs.number) < (rhs.year, rhs.number) }

    /// Decodes from the `YYYY-Qn` string form, rejecting anything else.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let q = Quarter(text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "expected a quarter YYYY-Qn")
        }
        self = q
    }

    /// Encodes as the `YYYY-Qn` string form.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
