/// Checks a JSON text for what decoders silently tolerate or report vaguely: a key that
/// appears twice in one object (which value would count?), nesting deeper than a care event
/// ever needs, and bytes that are not UTF-8. Run before decoding an input line.
///
/// It only inspects structure: malformed JSON is left for the decoder to report.
enum JSONStructureCheck {
    /// What is wrong, and where (`data.team`, or empty for the whole line).
    struct Problem: Equatable {
        var path: String
        var message: String
    }

    /// Deepest nesting accepted; care events nest a few levels.
    static let maximumDepth = 64

    static func problem(in bytes: [UInt8]) -> Problem? {
        guard String(validating: bytes, as: UTF8.self) != nil else {
            return Problem(path: "", message: "is not valid UTF-8")
        }
        enum Frame {
            case object(path: String, keys: Set<String>, key: String?)
            case array(path: String, index: Int)
        }
        var stack: [Frame] = []
        var i = 0
        func childPath() -> String {
            switch stack.last {
            case .object(let path, _, let key)?: return path.isEmpty ? (key ?? "") : path + "." + (key ?? "")
            case .array(let path, let index)?: return path + "[\(index)]"
            case nil: return ""
            }
        }
        while i < bytes.count {
            let c = bytes[i]
            switch c {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                let path = childPath()
                if stack.count >= maximumDepth {
                    let top = path.prefix { $0 != "[" && $0 != "." }
                    return Problem(path: String(top), message: "nests deeper than \(maximumDepth) levels")
                }
                stack.append(
                    c == UInt8(ascii: "{") ? .object(path: path, keys: [], key: nil) : .array(path: path, index: 0))
                i += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                guard !stack.isEmpty else { return nil }
                stack.removeLast()
                i += 1
            case UInt8(ascii: ","):
                if case .array(let path, let index)? = stack.last {
                    stack[stack.count - 1] = .array(path: path, index: index + 1)
                }
                if case .object(let path, let keys, _)? = stack.last {
                    stack[stack.count - 1] = .object(path: path, keys: keys, key: nil)
                }
                i += 1
            case UInt8(ascii: "\""):
                guard let (text, end) = readString(bytes, from: i) else { return nil }
                i = end
                // A string is a key when it is followed by a colon.
                var j = i
                while j < bytes.count, bytes[j] == 0x20 || bytes[j] == 0x09 || bytes[j] == 0x0A || bytes[j] == 0x0D {
                    j += 1
                }
                if j < bytes.count, bytes[j] == UInt8(ascii: ":"), case .object(let path, var keys, nil)? = stack.last {
                    if keys.contains(text) {
                        return Problem(
                            path: path.isEmpty ? text : path + "." + text,
                            message: "appears more than once in the same object")
                    }
                    keys.insert(text)
                    stack[stack.count - 1] = .object(path: path, keys: keys, key: text)
                }
            default:
                i += 1
            }
        }
        return nil
    }

    /// Reads a JSON string starting at the opening quote; returns its decoded text and the index after the closing quote.
    private static func readString(_ bytes: [UInt8], from start: Int) -> (String, Int)? {
        var out: [UInt8] = []
        var i = start + 1
        while i < bytes.count {
            let c = bytes[i]
            if c == UInt8(ascii: "\"") { return (String(decoding: out, as: UTF8.self), i + 1) }
            if c == UInt8(ascii: "\\") {
                guard i + 1 < bytes.count else { return nil }
                let e = bytes[i + 1]
                switch e {
                case UInt8(ascii: "u"):
                    guard i + 5 < bytes.count,
                        let scalar = UInt32(String(decoding: bytes[(i + 2)...(i + 5)], as: UTF8.self), radix: 16)
                    else { return nil }
                    out.append(contentsOf: Array(String(Unicode.Scalar(scalar).map(Character.init) ?? "?").utf8))
                    i += 6
                    continue
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                default: out.append(e)
                }
                i += 2
                continue
            }
            out.append(c)
            i += 1
        }
        return nil
    }
}
