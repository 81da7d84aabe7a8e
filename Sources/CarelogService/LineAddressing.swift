import EventLog
import Foundation

/// The `type` and `stream` each line of an NDJSON body names, read without validating the
/// event, so that a caller is authorised (or refused) before validation messages could tell
/// them anything about the record.
enum LineAddressing {
    /// The distinct append actions the body's lines name, in order of first appearance; lines
    /// that are not JSON objects with a string `type` and a valid `stream` are skipped (the
    /// importer names them).
    static func actions(in bytes: [UInt8]) -> [ServiceAction] {
        var seen: Set<ServiceAction> = []
        var out: [ServiceAction] = []
        for line in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true) {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any],
                let type = object["type"] as? String, let name = object["stream"] as? String,
                let stream = StreamName(name)
            else { continue }
            let action = ServiceAction.append(type: type, stream: stream)
            if seen.insert(action).inserted { out.append(action) }
        }
        return out
    }
}
