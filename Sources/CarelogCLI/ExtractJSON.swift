import CarelogOperations
import Foundation

/// Reads the rows of a JSON extract (`Docs/reports.md`: `sections[].rows[]`, one object per
/// row keyed by column) as text, for building and checking bundles.
enum ExtractJSON {
    /// Each section's rows, each row's cells by column key: a string as is, a number as its
    /// decimal text, an array as its elements joined by line feeds, `null` as nil.
    static func rows(_ bytes: [UInt8], file: String) throws(CarelogError) -> [[[String: String?]]] {
        guard let document = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any],
            let sections = document["sections"] as? [[String: Any]]
        else { throw .verificationFailed("\(file) is not a JSON extract (no sections)") }
        var result: [[[String: String?]]] = []
        for (sectionIndex, section) in sections.enumerated() {
            guard let rows = section["rows"] as? [[String: Any]] else {
                throw .verificationFailed("\(file) section \(sectionIndex + 1) has no rows array")
            }
            result.append(rows.map { row in row.mapValues(text) })
        }
        return result
    }

    /// A JSON value as the text a bundle compares (see ``rows(_:file:)``).
    static func text(_ value: Any) -> String? {
        switch value {
        case let string as String: return string
        case let number as NSNumber: return number.stringValue
        case let array as [Any]: return array.compactMap(text).joined(separator: "\n")
        default: return nil
        }
    }

    /// The string a JSON text (a logged field's value) holds, or nil when it is not a string.
    static func string(fromJSONText json: String) -> String? {
        (try? JSONSerialization.jsonObject(with: Data(json.utf8), options: .fragmentsAllowed)) as? String
    }
}
