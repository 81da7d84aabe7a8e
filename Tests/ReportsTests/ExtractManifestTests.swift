import CareCalendar
import CareRecord
import EventLog
import Foundation
import Projections
import Reports
import Testing

/// A store with one late notification and one unnotified incident.
private func notificationStore() throws -> InMemoryEventStore {
    let store = InMemoryEventStore(
        storeID: "store-manifest", clock: { Timestamp(millisecondsSinceEpoch: 1_700_000_000_000) })
    func add(_ event: CareEvent, _ stream: String) throws {
        try store.append([
            ProposedEvent(
                stream: StreamName(stream)!, type: event.type, occurredAt: Timestamp(iso8601: "2020-02-01T10:00:00Z")!,
                actor: "staff-001", payload: CareEventCodec.encode(event))
        ])
    }
    try add(
        IncidentRecorded(
            kind: .death, occurredAt: Timestamp(iso8601: "2020-02-01T10:00:00Z")!,
            becameAwareAt: Timestamp(iso8601: "2020-02-01T11:00:00Z")!, personId: "P9"
        ).careEvent, "incident/I1")
    try add(
        NotificationSubmitted(
            category: .accidentIncidentOrInjury, eFormsReference: "EF-77",
            submittedAt: Timestamp(iso8601: "2020-02-03T12:00:00Z")!,
            becameAwareAt: Timestamp(iso8601: "2020-02-02T09:00:00Z")!, personId: "P9", submittedBy: "staff-001"
        ).careEvent, "notification/N1")
    return store
}

/// A fixed pseudonym key for the recipient `care-inspectorate`.
private func testNaming() throws -> SubjectNaming {
    .pseudonymous(try #require(PseudonymKey(recipient: "care-inspectorate", bytes: Array(repeating: 42, count: 32))))
}

private let q1 = ProjectionParameters(
    asAt: CareDate(year: 2020, month: 3, day: 31)!, periodStart: CareDate(year: 2020, month: 1, day: 1)!,
    periodEnd: CareDate(year: 2020, month: 3, day: 31)!)

/// A deterministic stand-in for a renderer: the extract document's cells as lines.
private func bytes(of document: ReportDocument) -> [UInt8] {
    Array(String(describing: document.sections.map { $0.table?.rows ?? [] }).utf8)
}

@Suite("Extract manifest")
struct ExtractManifestTests {
    @Test("the manifest records the checkpoint and parameters, and its hash verifies the extract bytes")
    func manifestVerifies() throws {
        let store = try notificationStore()
        let (extract, context) = try NotificationExtract.run(parameters: q1, store: store, naming: testNaming())
        let data = bytes(of: NotificationExtractReport.document(extract, context: context))
        let manifest = ExtractManifest(notificationExtract: extract, bytes: data, format: "text", context: context)
        #expect(manifest.checkpoint == (try store.checkpoint()))
        #expect(manifest.checkpoint.storeID == "store-manifest")
        #expect(manifest.periodStart == CareDate(year: 2020, month: 1, day: 1))
        #expect(manifest.options == ["identifiers=pseudonymous", "recipient=care-inspectorate"])
        #expect(manifest.option("recipient") == "care-inspectorate")
        #expect(manifest.sha256 == EventHash.sha256(of: data).hex)
        #expect(manifest.check(extract: data) == .matches)
        #expect(try store.verify(against: manifest.checkpoint).isValid)
    }

    @Test("changing one byte of the extract is detected")
    func changedByteDetected() throws {
        let store = try notificationStore()
        let (extract, context) = try NotificationExtract.run(parameters: q1, store: store, naming: testNaming())
        var data = bytes(of: NotificationExtractReport.document(extract, context: context))
        let manifest = ExtractManifest(notificationExtract: extract, bytes: data, format: "text", context: context)
        data[data.count / 2] ^= 0x01
        guard case .mismatch(let expected, let actual, _, _) = manifest.check(extract: data) else {
            Issue.record("a changed byte was not detected")
            return
        }
        #expect(expected != actual)
    }

    @Test("manifest JSON round-trips with stable bytes, and files are checked against each other")
    func manifestFiles() throws {
        let store = try notificationStore()
        let (extract, context) = try NotificationExtract.run(parameters: q1, store: store, naming: testNaming())
        let data = bytes(of: NotificationExtractReport.document(extract, context: context))
        let manifest = ExtractManifest(notificationExtract: extract, bytes: data, format: "text", context: context)
        let json = manifest.jsonBytes()
        #expect(try ExtractManifest(json: json) == manifest)
        #expect(
            ExtractManifest(notificationExtract: extract, bytes: data, format: "text", context: context).jsonBytes()
                == json)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
            "carelog-manifest-\(manifest.sha256.prefix(8))-\(UInt64.random(in: 0...UInt64.max))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let extractFile = dir.appendingPathComponent("extract.txt")
        let manifestFile = dir.appendingPathComponent("extract.manifest.json")
        try Data(data).write(to: extractFile)
        try Data(json).write(to: manifestFile)
        #expect(try ExtractManifest.check(extractFile: extractFile, manifestFile: manifestFile) == .matches)
        try Data(data + [0x0A]).write(to: extractFile)
        #expect(try ExtractManifest.check(extractFile: extractFile, manifestFile: manifestFile) != .matches)
    }
}

@Suite("RAG, extract and audit report documents")
struct ProjectionReportDocumentTests {
    @Test("the notification document has stable column keys and no person ids by default")
    func notificationDocument() throws {
        let store = try notificationStore()
        let (extract, context) = try NotificationExtract.run(parameters: q1, store: store, naming: testNaming())
        let document = NotificationExtractReport.document(extract, context: context)
        #expect(document.sections.count == 2)
        #expect(
            document.sections[0].table?.columns.map(\.key) == [
                "sequence", "category", "submittedCategory", "subject", "incident", "eventOccurredAt", "becameAwareAt",
                "submittedAt",
                "deadline", "deadlineHours", "deadlineConfirmed", "timeliness", "lateByMinutes", "eFormsReference",
                "followUps", "correctedBy",
            ])
        #expect(document.sections[0].table?.rows.count == 1)
        #expect(document.sections[1].table?.rows.count == 1)
        #expect(document.provenance.checkpoint == context.checkpoint)
        #expect(!String(describing: document).contains("P9"))
        // JSON and CSV carry the code and the minutes; Markdown and HTML show the label.
        let row = try #require(document.sections[0].table?.rows.first)
        #expect(row[11] == .code("late", label: "late by 3h 0m"))
        #expect(row[12] == .integer(180))
        #expect(row[10] == .code("unconfirmed", label: "24 h, UNCONFIRMED — check Care Inspectorate guidance"))
    }

    @Test("the RAG document has one section per workstream, in number order, with stable keys")
    func ragDocument() throws {
        let store = InMemoryEventStore(storeID: "s", clock: { Timestamp(millisecondsSinceEpoch: 1_700_000_000_000) })
        func add(_ event: CareEvent) throws {
            try store.append([
                ProposedEvent(
                    stream: StreamName("programme/P")!, type: event.type,
                    occurredAt: Timestamp(iso8601: "2020-01-06T09:00:00Z")!, actor: "a",
                    payload: CareEventCodec.encode(event))
            ])
        }
        try add(ProgrammeDefined(title: "Programme", startsOn: CareDate(year: 2019, month: 9, day: 1)!).careEvent)
        try add(WorkstreamDefined(workstreamId: "b", number: 2, title: "Second").careEvent)
        try add(WorkstreamDefined(workstreamId: "a", number: 1, title: "First").careEvent)
        try add(ActivityDefined(activityId: "x", workstreamId: "a", title: "X", order: 1).careEvent)
        try add(
            ActivityUpdateRecorded(
                activityId: "x", quarter: #require(Quarter("2019-Q4")), updates: ["u"], rag: .amber,
                ragRationale: "why", nextQuarterPlan: ["p"]
            ).careEvent)
        let (table, context) = try ImprovementRAGTable.run(
            programmeId: "P", quarter: Quarter("2019-Q4")!,
            parameters: ProjectionParameters(asAt: CareDate(year: 2020, month: 1, day: 29)!), store: store,
            indicators: { _, _ in nil })
        let document = ImprovementRAGReport.document(table, context: context)
        #expect(document.sections.compactMap(\.heading) == ["Workstream 1 First", "Workstream 2 Second"])
        let first = try #require(document.sections[1].table)
        #expect(
            first.columns.map(\.key) == [
                "workstream", "activity", "latestUpdate", "rag", "ragBasis", "indicator", "nextQuarterPlan",
                "previousRag",
                "change",
            ])
        #expect(first.columns[6].title == "Q1 2020 (Jan, Feb, Mar)")
        #expect(
            first.rows == [
                [
                    .text("Workstream 1 First"), .text("X"), .bullets(["u"]), .rag(.amber), .text("set by hand: why"),
                    .empty, .bullets(["p"]), .empty, .code("new", label: "new"),
                ]
            ])
        #expect(document.sections[2].table?.rows.isEmpty == true)
    }

    @Test("the audit document shows each correction beside its entry")
    func auditDocument() throws {
        let store = try notificationStore()
        let event = EntryVoided(sequence: 2, reason: .duplicate).careEvent
        try store.append([
            ProposedEvent(
                stream: StreamName("notification/N1")!, type: event.type,
                occurredAt: Timestamp(iso8601: "2020-02-04T10:00:00Z")!, actor: "staff-002",
                payload: CareEventCodec.encode(event))
        ])
        let (timeline, checkpoint) = try AuditTimeline.run(
            stream: StreamName("notification/N1")!, knownAt: .head, store: store)
        let document = AuditTimelineReport.document(
            timeline, checkpoint: checkpoint, asAt: CareDate(year: 2020, month: 3, day: 31)!)
        let rows = try #require(document.sections.first?.table?.rows)
        #expect(rows.count == 2)
        #expect(rows[0][7] == .text("voided by #3"))
        #expect(rows[0][8] == .bullets(["voided by #3 (duplicate)"]))
        #expect(rows[1][2] == .text("EntryVoided → #2"))
    }
}
