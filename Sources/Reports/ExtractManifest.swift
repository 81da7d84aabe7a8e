import CareCalendar
import EventLog
import Foundation
import Projections

/// The manifest that travels with an extract (or a report) so an inspector can check it later:
/// the log position it was built from (store id, sequence, head hash, last `recordedAt`), what
/// was asked (as-at date, `knownAt` as given, period, options), the rules used, the format and
/// the SHA-256 and length of the bytes.
///
/// The extract itself states only the resolved position, so re-running it with `--known-at`
/// the manifest's `checkpoint.sequence` (and the manifest's other parameters) gives the same
/// bytes; `carelog verify-extract` does exactly that. Check an extract with
/// ``check(extract:)`` (bytes unchanged) and the log with `store.verify(against:
/// manifest.checkpoint)` (nothing at or before the checkpoint changed). No secret is ever in a
/// manifest: pseudonyms name their recipient (`recipient=…`), never the key.
/// The JSON form (``jsonBytes()``) has sorted keys, so the same manifest always gives the same bytes.
public struct ExtractManifest: Hashable, Sendable, Codable {
    /// The manifest layout version.
    public var manifestVersion: Int
    /// What the extract is, e.g. `care-inspectorate-notifications`.
    public var extractKind: String
    /// The file format of the extract bytes, e.g. `csv` or `json`.
    public var format: String
    /// The log checkpoint the extract was built from.
    public var checkpoint: Checkpoint
    /// The reporting date.
    public var asAt: CareDate
    /// How the log point was asked for (`head`, `sequence 1200`, …); the position it resolved
    /// to is ``checkpoint``.
    public var knownAt: String
    /// The period's first day, if any.
    public var periodStart: CareDate?
    /// The period's last day, if any.
    public var periodEnd: CareDate?
    /// Other parameters as `name=value` (e.g. `identifiers=pseudonymous`,
    /// `recipient=care-inspectorate`, `programme=P1`, `quarter=2020-Q1`), sorted.
    public var options: [String]
    /// The rules in force, as described in report headers.
    public var rules: String
    /// SHA-256 of the extract's bytes, lower-case hex.
    public var sha256: String
    /// The extract's length in bytes.
    public var byteCount: Int

    /// A manifest for `extract` bytes built under `context`.
    public init(
        extract: some Collection<UInt8>, format: String, extractKind: String, context: ProjectionContext,
        period: ClosedRange<CareDate>? = nil, options: [String] = []
    ) {
        self.manifestVersion = 1
        self.extractKind = extractKind
        self.format = format
        self.checkpoint = context.checkpoint
        self.asAt = context.parameters.asAt
        self.knownAt = context.parameters.knownAt.description
        self.periodStart = period?.lowerBound
        self.periodEnd = period?.upperBound
        self.options = options.sorted()
        self.rules = context.rulesDescription
        self.sha256 = EventHash.sha256(of: extract).hex
        self.byteCount = extract.count
    }

    /// A manifest for a notification extract rendered to `extract` bytes in `format`.
    public init(
        notificationExtract: NotificationExtract, bytes extract: some Collection<UInt8>, format: String,
        context: ProjectionContext
    ) {
        self.init(
            extract: extract, format: format, extractKind: "care-inspectorate-notifications", context: context,
            period: notificationExtract.period,
            options: ["identifiers=\(notificationExtract.identifiers.rawValue)"]
                + (notificationExtract.recipient.map { ["recipient=\($0)"] } ?? []))
    }

    /// The value of option `name` (`name=value` in ``options``), if present.
    public func option(_ name: String) -> String? {
        let prefix = name + "="
        return options.first { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) }
    }

    /// Whether `extract` bytes are the ones the manifest describes.
    public func check(extract: some Collection<UInt8>) -> ExtractCheck {
        let actual = EventHash.sha256(of: extract).hex
        if actual == sha256, extract.count == byteCount { return .matches }
        return .mismatch(
            expectedSHA256: sha256, actualSHA256: actual, expectedBytes: byteCount, actualBytes: extract.count)
    }

    /// Reads an extract file and a manifest file (JSON) and checks one against the other.
    public static func check(extractFile: URL, manifestFile: URL) throws -> ExtractCheck {
        let manifest = try ExtractManifest(json: Array(try Data(contentsOf: manifestFile)))
        return manifest.check(extract: Array(try Data(contentsOf: extractFile)))
    }

    /// The manifest as JSON (sorted keys, stable bytes).
    public func jsonBytes() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return Array((try? encoder.encode(self)) ?? Data())
    }

    /// Parses the JSON form.
    public init(json: [UInt8]) throws {
        self = try JSONDecoder().decode(ExtractManifest.self, from: Data(json))
    }
}
