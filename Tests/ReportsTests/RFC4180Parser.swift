/// A tiny, strict RFC 4180 reader for the tests: records end with CRLF, fields are separated by
/// commas, quoted fields may hold commas, CR, LF and doubled quotes.
enum RFC4180Parser {
    struct Failure: Error, Equatable {
        var reason: String
    }

    /// The records of `text`, each a list of unquoted fields.
    static func parse(_ text: String) throws -> [[String]] {
        let scalars = Array(text.unicodeScalars)
        var records: [[String]] = []
        var record: [String] = []
        var field = String.UnicodeScalarView()
        var i = 0
        var atFieldStart = true
        while i < scalars.count {
            let c = scalars[i]
            if atFieldStart && c == "\"" {
                // Quoted field: runs to the closing quote; "" is a quote.
                i += 1
                while true {
                    guard i < scalars.count else { throw Failure(reason: "unterminated quote") }
                    if scalars[i] == "\"" {
                        if i + 1 < scalars.count, scalars[i + 1] == "\"" {
                            field.append("\"")
                            i += 2
                            continue
                        }
                        i += 1
                        break
                    }
                    field.append(scalars[i])
                    i += 1
                }
                atFieldStart = false
                guard i == scalars.count || scalars[i] == "," || scalars[i] == "\r" else {
                    throw Failure(reason: "text after a closing quote")
                }
                continue
            }
            switch c {
            case ",":
                record.append(String(field))
                field = String.UnicodeScalarView()
                atFieldStart = true
                i += 1
            case "\r":
                guard i + 1 < scalars.count, scalars[i + 1] == "\n" else { throw Failure(reason: "bare CR") }
                record.append(String(field))
                records.append(record)
                record = []
                field = String.UnicodeScalarView()
                atFieldStart = true
                i += 2
            case "\n":
                throw Failure(reason: "bare LF outside quotes")
            case "\"":
                throw Failure(reason: "quote inside an unquoted field")
            default:
                field.append(c)
                atFieldStart = false
                i += 1
            }
        }
        guard record.isEmpty && field.isEmpty && atFieldStart else { throw Failure(reason: "last record has no CRLF") }
        return records
    }
}
