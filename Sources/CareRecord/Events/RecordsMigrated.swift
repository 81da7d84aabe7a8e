import EventLog

/// Events were migrated from an older system with their own `recordedAt`: who migrated what.
///
/// Stream: `migration/<first 16 hex digits of the source SHA-256>`. Written by `carelog import
/// --recorded-at-from-input` after the migrated events, with a normal `recordedAt`; the actor is
/// the person who ran the migration (`--migrated-by`). Read by: the audit trail (a reader of the
/// log can see which stretch of `recordedAt` came from another system).
/// Rule: records keep their provenance; the time of recording of migrated entries is the older
/// system's, and the log says so (rules.md §9 BS ISO 15489).
///
/// JSON: `{"sourceSHA256": "…64 hex…", "events": 1000, "firstRecordedAt": "…", "lastRecordedAt": "…"}`.
public struct RecordsMigrated: CareEventPayload {
    /// `RecordsMigrated`.
    public static let eventType = "RecordsMigrated"
    /// The current schema version.
    public static let schemaVersion: UInt16 = 1
    /// The stream kind: `migration/<id>`.
    public static let streamKind: StreamKind? = .migration
    /// May be the first event of its stream.
    public static let startsStream = true

    /// SHA-256 of the migrated input, lower-case hex.
    public var sourceSHA256: String
    /// How many events this migration appended.
    public var events: Int
    /// The earliest `recordedAt` among them.
    public var firstRecordedAt: Timestamp
    /// The latest `recordedAt` among them.
    public var lastRecordedAt: Timestamp

    /// Creates the record.
    public init(sourceSHA256: String, events: Int, firstRecordedAt: Timestamp, lastRecordedAt: Timestamp) {
        self.sourceSHA256 = sourceSHA256
        self.events = events
        self.firstRecordedAt = firstRecordedAt
        self.lastRecordedAt = lastRecordedAt
    }

    /// This event as a ``CareEvent``.
    public var careEvent: CareEvent { .recordsMigrated(self) }

    /// Checks the digest's form, the count and the time range.
    public func check(_ c: inout PayloadChecks) {
        c.require(
            sourceSHA256.utf8.count == 64
                && sourceSHA256.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) },
            "sourceSHA256", "must be 64 lower-case hexadecimal digits")
        c.require(events >= 1, "events", "must be 1 or more")
        c.require(firstRecordedAt <= lastRecordedAt, "lastRecordedAt", "must not be before firstRecordedAt")
        c.notInFuture(lastRecordedAt, "lastRecordedAt")
    }
}
