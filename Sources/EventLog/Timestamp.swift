import CivilCalendar
import Foundation

/// An instant in UTC with millisecond precision, as stored in the log.
///
/// Carelog stores instants as whole milliseconds since 1970-01-01T00:00:00Z so that the
/// canonical encoding (and therefore the hash chain) never depends on floating point.
public struct Timestamp: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// Milliseconds since the Unix epoch, UTC.
    public var millisecondsSinceEpoch: Int64

    /// Creates a timestamp from milliseconds since the Unix epoch.
    public init(millisecondsSinceEpoch: Int64) {
        self.millisecondsSinceEpoch = millisecondsSinceEpoch
    }

    /// Creates a timestamp from a Foundation date, truncating to the millisecond.
    public init(_ date: Date) {
        self.millisecondsSinceEpoch = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
    }

    /// The same instant as a Foundation date.
    public var date: Date { Date(timeIntervalSince1970: Double(millisecondsSinceEpoch) / 1000) }

    /// Earlier instants first.
    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        lhs.millisecondsSinceEpoch < rhs.millisecondsSinceEpoch
    }

    /// The instant `milliseconds` later (or earlier, when negative).
    public func adding(milliseconds: Int64) -> Timestamp {
        Timestamp(millisecondsSinceEpoch: millisecondsSinceEpoch + milliseconds)
    }

    /// ISO 8601 in UTC with milliseconds, e.g. `2020-01-29T09:30:00.000Z`.
    public var iso8601: String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(24)
        appendISO8601(to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the UTF-8 bytes of ``iso8601`` to `bytes` without building a string (the
    /// canonical payload writer calls it once per instant of an import).
    package func appendISO8601(to bytes: inout [UInt8]) {
        let days = Gregorian.daysSinceEpoch(millisecondsSinceEpoch: millisecondsSinceEpoch)
        let msOfDay = millisecondsSinceEpoch - days * Gregorian.millisecondsPerDay
        let date = Gregorian.date(daysSinceEpoch: Int(days))
        let (y, m, d) = (Int64(date.year), Int64(date.month), Int64(date.day))
        let h = msOfDay / 3_600_000
        let mi = (msOfDay / 60_000) % 60
        let s = (msOfDay / 1000) % 60
        let ms = msOfDay % 1000
        guard (0...9999).contains(y), msOfDay >= 0 else {
            // Outside four-digit years: padded decimal strings, as always.
            let text = "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))T\(pad(h, 2)):\(pad(mi, 2)):\(pad(s, 2)).\(pad(ms, 3))Z"
            bytes.append(contentsOf: text.utf8)
            return
        }
        // The 24 bytes are written into a buffer on the stack and appended at once: appending
        // them one by one checked the array's capacity and uniqueness 24 times per instant.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 24) { out in
            /// `value` (0 ≤ value < 10^width) as `width` decimal digits ending before `end`.
            func digits(_ value: Int64, _ width: Int, endingAt end: Int) {
                var rest = value
                for index in stride(from: end - 1, through: end - width, by: -1) {
                    out[index] = 0x30 + UInt8(truncatingIfNeeded: rest % 10)
                    rest /= 10
                }
            }
            digits(y, 4, endingAt: 4)
            out[4] = 0x2D
            digits(m, 2, endingAt: 7)
            out[7] = 0x2D
            digits(d, 2, endingAt: 10)
            out[10] = 0x54
            digits(h, 2, endingAt: 13)
            out[13] = 0x3A
            digits(mi, 2, endingAt: 16)
            out[16] = 0x3A
            digits(s, 2, endingAt: 19)
            out[19] = 0x2E
            digits(ms, 3, endingAt: 23)
            out[23] = 0x5A
            bytes.append(contentsOf: UnsafeBufferPointer(out))
        }
    }

    /// The ``iso8601`` form.
    public var description: String { iso8601 }

    /// Parses an ISO 8601 instant: `YYYY-MM-DDTHH:MM[:SS[.fff]]` followed by `Z` or `±HH:MM`.
    ///
    /// Rejects impossible calendar dates (2021-02-30) and out-of-range times rather than
    /// rolling them over, because a care record must not silently move an event.
    public init?(iso8601 text: String) {
        let b = Array(text.utf8)
        var i = 0
        func digits(_ n: Int) -> Int64? {
            guard i + n <= b.count else { return nil }
            var v: Int64 = 0
            for k in 0..<n {
                let c = b[i + k]
                guard c >= 48, c <= 57 else { return nil }
                v = v * 10 + Int64(c - 48)
            }
            i += n
            return v
        }
        func expect(_ c: UInt8) -> Bool {
            guard i < b.count, b[i] == c else { return false }
            i += 1
            return true
        }
        guard let y = digits(4), expect(45), let mo = digits(2), expect(45), let d = digits(2) else { return nil }
        guard i < b.count, b[i] == 84 || b[i] == 116 else { return nil }  // 'T' or 't'
        i += 1
        guard let h = digits(2), expect(58), let mi = digits(2) else { return nil }
        var s: Int64 = 0
        var ms: Int64 = 0
        if i < b.count, b[i] == 58 {
            i += 1
            guard let sec = digits(2) else { return nil }
            s = sec
            if i < b.count, b[i] == 46 {
                i += 1
                var fraction: Int64 = 0
                var count = 0
                while i < b.count, b[i] >= 48, b[i] <= 57 {
                    if count < 3 { fraction = fraction * 10 + Int64(b[i] - 48) }
                    count += 1
                    i += 1
                }
                guard count > 0, count <= 9 else { return nil }
                for _ in count..<3 where count < 3 { fraction *= 10 }
                ms = fraction
            }
        }
        var offsetMinutes: Int64 = 0
        guard i < b.count else { return nil }
        if b[i] == 90 || b[i] == 122 {  // 'Z'
            i += 1
        } else if b[i] == 43 || b[i] == 45 {  // '+' / '-'
            let sign: Int64 = b[i] == 45 ? -1 : 1
            i += 1
            guard let oh = digits(2), expect(58), let om = digits(2), oh <= 18, om < 60 else { return nil }
            offsetMinutes = sign * (oh * 60 + om)
        } else {
            return nil
        }
        guard i == b.count else { return nil }
        guard Gregorian.isValid(year: Int(y), month: Int(mo), day: Int(d)), h < 24, mi < 60, s < 60 else { return nil }
        let days = Int64(Gregorian.daysSinceEpoch(year: Int(y), month: Int(mo), day: Int(d)))
        let local = ((days * 24 + h) * 60 + mi) * 60_000 + s * 1000 + ms
        self.millisecondsSinceEpoch = local - offsetMinutes * 60_000
    }

    /// Decodes the ISO 8601 string form; the error's description starts "not an ISO 8601 instant".
    public init(from decoder: any Decoder) throws {
        self = try StringCoding.decode(from: decoder, expecting: "not an ISO 8601 instant with a time zone") {
            Timestamp(iso8601: $0)
        }
    }

    /// Encodes as ``iso8601``.
    public func encode(to encoder: any Encoder) throws { try StringCoding.encode(iso8601, to: encoder) }
}

private func pad(_ value: Int64, _ width: Int) -> String {
    let text = String(value)
    return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
}
