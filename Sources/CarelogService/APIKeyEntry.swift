import Crypto
import EventLog
import Foundation

/// One machine client's key, stored as its SHA-256, and the event types it may append.
package struct APIKeyEntry: Codable, Sendable, Hashable {
    /// The client's name; it becomes the actor (`apikey:<name>`) of what it appends.
    package var name: String
    /// The SHA-256 of the key, 64 hexadecimal digits.
    package var sha256: String
    /// The event types this key may append (e.g. the ECM feed's visit events).
    package var eventTypes: [String]

    package init(name: String, sha256: String, eventTypes: [String]) {
        self.name = name
        self.sha256 = sha256
        self.eventTypes = eventTypes
    }

    /// The SHA-256 of `key` as lower-case hex: what the configuration stores.
    package static func hash(of key: String) -> String {
        // Every request with a key hashes it: hex without a formatted string per byte.
        EventHash(unchecked: Array(SHA256.hash(data: Array(key.utf8)))).hex
    }

    /// `text` in lower case when it is 64 hex digits, else nil.
    static func normalisedHash(_ text: String) -> String? {
        let lower = text.lowercased()
        guard lower.utf8.count == 64, lower.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) })
        else { return nil }
        return lower
    }
}
