import Logging

/// Where the pages report who opened what: every page that shows personal data, and every
/// refusal. The one place the access model's `RecordAccessed` events are to be appended
/// (replace ``log(_:)`` with a recorder that appends them); until then each access is a log line
/// naming the subject, page and how many people it showed — never who they were.
package struct WebAccessRecorder: Sendable {
    /// One access: who, which page, the people shown (ids), and whether it was allowed.
    package var record:
        @Sendable (_ subject: String, _ page: WebPage, _ people: [String], _ allowed: Bool) async -> Void

    package init(record: @escaping @Sendable (String, WebPage, [String], Bool) async -> Void) {
        self.record = record
    }

    /// Records to `logger` (no personal data: a count of people, not their ids).
    package static func log(_ logger: Logger) -> WebAccessRecorder {
        WebAccessRecorder { subject, page, people, allowed in
            logger.notice(
                "web access",
                metadata: [
                    "subject": .string(subject), "page": .string(page.rawValue),
                    "outcome": .string(allowed ? "shown" : "refused"), "people": .stringConvertible(people.count),
                ])
        }
    }
}
