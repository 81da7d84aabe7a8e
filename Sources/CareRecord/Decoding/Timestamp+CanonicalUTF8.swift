import CareCalendar
import EventLog

extension Timestamp {
    /// Parses the canonical form ``CareEventCodec`` writes, `YYYY-MM-DDTHH:MM:SS.sssZ` (24 ASCII
    /// bytes), straight from the bytes. `nil` for anything else — other spellings are left to
    /// `Timestamp(iso8601:)`, which accepts this form too and gives the same instant.
    ///
    /// Checks what `Timestamp(iso8601:)` checks: a real calendar date, hours below 24, minutes
    /// and seconds below 60.
    init?(canonicalUTF8 b: UnsafeBufferPointer<UInt8>) {
        guard b.count == 24, b[4] == 0x2D, b[7] == 0x2D, b[10] == 0x54, b[13] == 0x3A, b[16] == 0x3A,
            b[19] == 0x2E, b[23] == 0x5A  // - - T : : . Z
        else { return nil }
        func number(_ from: Int, _ count: Int) -> Int64? {
            var value: Int64 = 0
            for i in from..<(from + count) {
                let d = b[i] &- 0x30
                guard d < 10 else { return nil }
                value = value * 10 + Int64(d)
            }
            return value
        }
        guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
            let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2),
            let millisecond = number(20, 3), hour < 24, minute < 60, second < 60,
            let date = CareDate(year: Int(year), month: Int(month), day: Int(day))
        else { return nil }
        let days = Int64(date.daysSinceEpoch)
        self.init(millisecondsSinceEpoch: ((days * 24 + hour) * 60 + minute) * 60_000 + second * 1000 + millisecond)
    }

}
