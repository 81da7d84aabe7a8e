/// One named value of a row: which column feeds it and how the cell is read (or a literal).
public struct ValueSpec: Decodable, Sendable {
    /// How a cell is read.
    public enum Format: String, CaseIterable, Sendable {
        /// Text as it stands (trimmed).
        case text
        /// A whole number.
        case integer
        /// A decimal number (`7.5`; a decimal comma is not accepted).
        case number
        /// `true`/`false`, `yes`/`no`, `y`/`n`, `1`/`0` (any case).
        case boolean
        /// A date and time: `dd/mm/yyyy HH:mm[:ss]` in UK local time, ISO 8601 with an offset or
        /// `Z`, or an Excel serial (days since 1899-12-30, UK local time) — whichever the cell is.
        case timestamp
        /// A date: `dd/mm/yyyy`, ISO `yyyy-mm-dd` or an Excel serial.
        case date
        /// A list of text items separated by `|` (e.g. visit tasks `personal-care|medication`).
        case list
    }

    /// The column name in the header row.
    public var column: String?
    /// A fixed value instead of a column (text, number or boolean as written in YAML).
    public var literal: String?
    /// How the cell is read: one of ``Format`` (default `text`).
    public var format: String?
    /// Whether an empty cell is allowed (the field is then left out of the event). Default false.
    public var optional: Bool?
    /// Identifier normalisation: the prefix and digit count (`P` and 5 turn `1`, `0001` and
    /// `P1` into `P00001`).
    public var pad: Padding?
    /// Code translation: source code → Carelog vocabulary value. A code not listed is a problem
    /// of the row (never passed through).
    public var codes: [String: String]?

    /// The parsed format.
    var parsedFormat: Format { format.flatMap(Format.init(rawValue:)) ?? .text }
}

/// Identifier normalisation for ids whose leading zeros a spreadsheet dropped.
public struct Padding: Decodable, Sendable {
    /// The prefix, e.g. `P` (may be empty).
    public var prefix: String
    /// The number of digits after the prefix.
    public var digits: Int
}
