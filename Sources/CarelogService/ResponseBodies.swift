import CareRecord
import CarelogOperations
import EventLog

/// `GET /v1/checkpoint`: the log's head. No personal data.
struct CheckpointBody: Codable, Hashable, Sendable {
    var storeID: String
    var sequence: UInt64
    var headHash: String
    var recordedAt: String?

    init(_ checkpoint: Checkpoint) {
        storeID = checkpoint.storeID
        sequence = checkpoint.sequence
        headHash = checkpoint.headHash.hex
        recordedAt = checkpoint.recordedAt?.iso8601
    }
}

/// `POST /v1/verify`: whether the chain and indexes are sound, and what was found.
struct VerifyBody: Codable, Hashable, Sendable {
    var valid: Bool
    var eventsChecked: UInt64
    var head: CheckpointBody
    var problems: [String]

    init(_ report: VerificationReport) {
        valid = report.isValid
        eventsChecked = report.eventsChecked
        head = CheckpointBody(report.head)
        problems = report.problems.map(\.description)
    }
}

/// `POST /v1/events`: where the event is recorded.
struct AppendBody: Codable, Hashable, Sendable {
    var outcome: String
    var sequence: UInt64?
    var stream: String
    var streamVersion: UInt32

    /// The same bytes as ``JSONBody/encode(_:)`` gives (sorted keys, `sequence` left out when
    /// nil), written directly: the answer to every append, so it skips the general encoder.
    var jsonBytes: [UInt8] {
        var out = "{\"outcome\":"
        JSONStringLiteral.append(outcome, to: &out)
        if let sequence { out += ",\"sequence\":\(sequence)" }
        out += ",\"stream\":"
        JSONStringLiteral.append(stream, to: &out)
        out += ",\"streamVersion\":\(streamVersion)}"
        return Array(out.utf8)
    }
}

/// `POST /v1/import`: what the import did, as `carelog import` reports it.
struct ImportBody: Codable, Hashable, Sendable {
    var appended: Int
    var alreadyRecorded: Int
    var chunks: Int
    var firstSequence: UInt64?
    var lastSequence: UInt64?
    var summary: String

    init(_ summary: EventImporter.Summary) {
        appended = summary.appended
        alreadyRecorded = summary.alreadyRecorded
        chunks = summary.chunks
        firstSequence = summary.sequences?.lowerBound
        lastSequence = summary.sequences?.upperBound
        self.summary = summary.description
    }
}
