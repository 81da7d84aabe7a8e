import CareCalendar
import CareRecord
import EventLog
import Foundation

/// Reads one cell according to its ``ValueSpec``, to a typed value (whose JSON text,
/// ``CareRecord/PayloadValue/json``, is what the NDJSON line of the event holds). Failures say
/// why without the cell's content (it may be personal data).
enum CellReader {
    /// The value of `cell` (already trimmed and non-empty), or the reason it cannot be read.
    static func value(_ cell: String, spec: ValueSpec) -> Result<PayloadValue, CellProblem> {
        value(cell, spec: spec, format: spec.parsedFormat)
    }

    /// The value of `cell` read as `format` (the spec's, parsed once by the caller).
    static func value(_ cell: String, spec: ValueSpec, format: ValueSpec.Format) -> Result<PayloadValue, CellProblem> {
        // `hasPrefix` compares strings by their characters; the first byte says the same here.
        if cell.utf8.first == UInt8(ascii: "=") {
            return .failure(
                CellProblem("holds a spreadsheet formula, not a value; export the values (not the formulas)"))
        }
        var value = cell
        // A list's codes translate each item; any other format's the whole cell.
        if let codes = spec.codes, format != .list {
            guard let translated = translate(value, codes) else {
                return .failure(CellProblem("holds a code the mapping does not translate (add it under codes)"))
            }
            value = translated
        }
        switch format {
        case .text:
            if let pad = spec.pad {
                guard let padded = padded(value, pad) else {
                    return .failure(
                        CellProblem("is not an identifier of the form \(pad.prefix)+digits (at most \(pad.digits))"))
                }
                value = padded
            }
            return .success(.text(value))
        case .integer:
            guard let number = Int(value) ?? wholeDouble(value) else {
                return .failure(CellProblem("is not a whole number"))
            }
            return .success(.integer(number))
        case .list:
            var items = value.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }.filter {
                !$0.isEmpty
            }
            if let codes = spec.codes {
                let translated = items.compactMap { translate($0, codes) }
                guard translated.count == items.count else {
                    return .failure(
                        CellProblem("holds an item with a code the mapping does not translate (add it under codes)"))
                }
                items = translated
            }
            return .success(.list(items))
        case .number:
            guard let number = Double(value), number.isFinite else {
                return .failure(CellProblem("is not a number"))
            }
            return .success(.number(number))
        case .boolean:
            switch value.lowercased() {
            case "true", "yes", "y", "1": return .success(.boolean(true))
            case "false", "no", "n", "0": return .success(.boolean(false))
            default: return .failure(CellProblem("is not yes/no (true/false, y/n, 1/0)"))
            }
        case .timestamp:
            guard let instant = timestamp(value) else {
                return .failure(
                    CellProblem("is not a date and time as dd/mm/yyyy HH:mm (UK local), ISO 8601 or an Excel serial"))
            }
            return .success(.timestamp(instant))
        case .date:
            guard let date = date(value) else {
                return .failure(CellProblem("is not a date as dd/mm/yyyy, yyyy-mm-dd or an Excel serial"))
            }
            return .success(.text(date.description))
        }
    }

    /// The Carelog value of a source code: as written, else in lower or upper case.
    static func translate(_ code: String, _ codes: [String: String]) -> String? {
        codes[code] ?? codes[code.lowercased()] ?? codes[code.uppercased()]
    }

    /// `P1`, `1`, `00001` → `P00001` for prefix `P` and 5 digits; `nil` if not prefix+digits.
    static func padded(_ text: String, _ pad: Padding) -> String? {
        if let padded = paddedDigits(text, pad) { return padded }
        var digits = Substring(text)
        if !pad.prefix.isEmpty, digits.uppercased().hasPrefix(pad.prefix.uppercased()) {
            digits = digits.dropFirst(pad.prefix.count)
        }
        guard !digits.isEmpty, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber) else { return nil }
        let significant = digits.drop { $0 == "0" }
        guard significant.count <= pad.digits else { return nil }
        return pad.prefix + String(repeating: "0", count: pad.digits - significant.count) + significant
    }

    /// ``padded(_:_:)`` of a cell of ASCII digits only (`1`, `00001`: most cells), from its bytes;
    /// `nil` for any other cell, a prefix starting with a digit or too many digits (then the
    /// general path decides, with the same result for these cells).
    private static func paddedDigits(_ text: String, _ pad: Padding) -> String? {
        let prefix = pad.prefix.utf8
        if let first = prefix.first, first &- 48 < 10 { return nil }
        // Read from the string's own bytes (a native or small string has them in one piece;
        // any other is left to the general path): the generic `UTF8View` walks cost about a
        // thousand instructions a cell.
        let padded = text.utf8.withContiguousStorageIfAvailable { bytes -> String? in
            guard !bytes.isEmpty else { return nil }
            for byte in bytes where byte &- 48 >= 10 { return nil }
            var zeros = 0
            while zeros < bytes.count, bytes[zeros] == UInt8(ascii: "0") { zeros += 1 }
            let significant = bytes.count - zeros
            guard significant <= pad.digits else { return nil }
            // Written straight into the string (no array between): an id of up to 15 bytes is a
            // small string, with no allocation at all.
            return String(unsafeUninitializedCapacity: prefix.count + pad.digits) { out in
                var position = out.initialize(fromContentsOf: prefix)
                for _ in 0..<(pad.digits - significant) {
                    out[position] = UInt8(ascii: "0")
                    position += 1
                }
                for index in zeros..<bytes.count {
                    out[position] = bytes[index]
                    position += 1
                }
                return position
            }
        }
        return padded ?? nil
    }

    /// A timestamp in any of the three accepted forms.
    static func timestamp(_ text: String) -> Timestamp? {
        if let instant = plainUKLocal(text) { return instant }
        if let serial = Double(text) { return excelInstant(serial) }
        if text.contains("/") { return ukLocal(text) }
        return Timestamp(iso8601: text)
    }

    /// A date in any of the three accepted forms.
    static func date(_ text: String) -> CareDate? {
        if let serial = Double(text) {
            guard serial >= 1, serial < 2_958_466 else { return nil }
            return CareDate(daysSinceEpoch: Int(serial.rounded(.down)) - excelEpochOffsetDays)
        }
        if text.contains("/") {
            let parts = text.split(separator: "/")
            guard parts.count == 3, let d = Int(parts[0]), let m = Int(parts[1]), let y = Int(parts[2]), y >= 1000
            else { return nil }
            return CareDate(year: y, month: m, day: d)
        }
        return CareDate(iso8601: text)
    }

    /// Days from Excel's day 0 (1899-12-30, as Excel counts after its 1900 leap-year quirk) to 1970-01-01.
    static let excelEpochOffsetDays = 25_569

    /// An Excel serial (days and fraction, UK local wall time) as an instant.
    static func excelInstant(_ serial: Double) -> Timestamp? {
        guard serial >= 1, serial < 2_958_466 else { return nil }
        let day = serial.rounded(.down)
        let seconds = Int(((serial - day) * 86_400).rounded())
        let date = CareDate(daysSinceEpoch: Int(day) - excelEpochOffsetDays)
        if seconds >= 86_400 { return excelInstant(day + 1) }
        guard
            let ms = try? UKTime.instant(
                of: date, hour: seconds / 3600, minute: seconds % 3600 / 60, second: seconds % 60)
        else { return nil }
        return Timestamp(millisecondsSinceEpoch: ms)
    }

    /// `d[d]/m[m]/yyyy h[h]:mm[:ss]` (digits only, one space) in UK local time, read from the
    /// bytes without splitting the text: the shape ECM exports write. `nil` for any other text,
    /// which ``ukLocal(_:)`` then reads (with the same result for this shape).
    static func plainUKLocal(_ text: String) -> Timestamp? {
        var utf8 = text
        return utf8.withUTF8 { bytes -> Timestamp? in
            var position = 0
            // Reads 1 to `most` digits, then `separator` unless it is 0 (the end).
            func number(_ least: Int, _ most: Int, then separator: UInt8) -> Int? {
                var value = 0
                var count = 0
                while position < bytes.count, bytes[position] &- 48 < 10, count < most {
                    value = value * 10 + Int(bytes[position] &- 48)
                    position += 1
                    count += 1
                }
                guard count >= least else { return nil }
                if separator == 0 { return position == bytes.count ? value : nil }
                guard position < bytes.count, bytes[position] == separator else { return nil }
                position += 1
                return value
            }
            guard let day = number(1, 2, then: UInt8(ascii: "/")),
                let month = number(1, 2, then: UInt8(ascii: "/")),
                let year = number(4, 4, then: UInt8(ascii: " ")),
                let hour = number(1, 2, then: UInt8(ascii: ":"))
            else { return nil }
            let minute: Int
            var second = 0
            if bytes.count - position > 2 {
                guard let m = number(1, 2, then: UInt8(ascii: ":")), let s = number(1, 2, then: 0) else { return nil }
                (minute, second) = (m, s)
            } else {
                guard let m = number(1, 2, then: 0) else { return nil }
                minute = m
            }
            guard year >= 1000, let date = CareDate(year: year, month: month, day: day),
                let ms = try? UKTime.instant(of: date, hour: hour, minute: minute, second: second)
            else { return nil }
            return Timestamp(millisecondsSinceEpoch: ms)
        }
    }

    /// `dd/mm/yyyy HH:mm[:ss]` in UK local time.
    static func ukLocal(_ text: String) -> Timestamp? {
        let halves = text.split(separator: " ", omittingEmptySubsequences: true)
        guard halves.count == 2, let date = date(String(halves[0])) else { return nil }
        let clock = halves[1].split(separator: ":")
        guard (2...3).contains(clock.count), clock.allSatisfy({ (1...2).contains($0.count) }),
            let hour = Int(clock[0]), let minute = Int(clock[1])
        else { return nil }
        let second = clock.count == 3 ? Int(clock[2]) : 0
        guard let second, let ms = try? UKTime.instant(of: date, hour: hour, minute: minute, second: second)
        else { return nil }
        return Timestamp(millisecondsSinceEpoch: ms)
    }

    /// `12.0` → 12 (spreadsheets write whole numbers as decimals).
    static func wholeDouble(_ text: String) -> Int? {
        guard let value = Double(text), value == value.rounded(), abs(value) < 1e15 else { return nil }
        return Int(value)
    }

    /// A JSON string literal. Text of printable ASCII without quotes or backslashes (ids, codes,
    /// times: most cells) needs no escaping and is quoted as it is.
    static func jsonString(_ text: String) -> String {
        isPlain(text) ? "\"" + text + "\"" : JSONStringLiteral.of(text)
    }

    /// Whether `text` is printable ASCII without quotes or backslashes: its JSON string literal
    /// is the text in quotes.
    static func isPlain(_ text: String) -> Bool {
        text.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }
    }
}

/// Why a cell could not be read (never its content).
struct CellProblem: Error {
    var message: String
    init(_ message: String) { self.message = message }
}
