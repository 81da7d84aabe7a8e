import EventLog
import Foundation
import Testing

@testable import CareRecord

/// The one-pass line parser (``EventLine/parseFast(_:line:)``) and the direct canonical writer
/// (``CanonicalJSONWriter``) must give exactly what the `JSONDecoder`/`JSONEncoder` path gives:
/// the same ``EventLine`` or the same error, and the same payload bytes.
@Suite("Fast import path: lines parse and payloads encode as the Foundation path does")
struct FastEventLineTests {
    @Test("the direct writer writes every payload byte for byte as JSONEncoder", arguments: FastCase.allCases)
    func canonicalWriterMatchesEncoder(_ kind: FastCase) {
        var random = SeededRandom(seed: 0xABCD + UInt64(kind.rawValue))
        for _ in 0..<FastDecodingTests.count {
            let event = kind.generate(&random)
            #expect(event.canonicalPayload == CareEventCodec.encode(event), "\(event)")
        }
    }

    @Test("every sample's payload is written as JSONEncoder writes it")
    func samplesWriteTheSame() {
        for sample in samples {
            #expect(sample.event.canonicalPayload == CareEventCodec.encode(sample.event), "\(sample.event.type)")
        }
    }

    @Test("generated lines parse the same with and without the fast path", arguments: FastCase.allCases)
    func generatedLines(_ kind: FastCase) throws {
        var random = SeededRandom(seed: 0x1234 + UInt64(kind.rawValue))
        for index in 0..<FastDecodingTests.count {
            let event = kind.generate(&random)
            let line = EventLine(
                line: index + 1, stream: try #require(StreamName("visit/V\(index)")), event: event,
                occurredAt: random.instant(), actor: "staff/S0042",
                expectedVersion: [nil, .any, .noStream, .exactly(7)][random.below(4)],
                idempotencyKey: random.bool() ? "key-\(index)" : nil, correlationID: random.bool() ? "c\(index)" : nil,
                causationID: random.bool() ? "k\(index)" : nil, recordedAt: random.bool() ? random.instant() : nil)
            let bytes = Array(line.ndjson.utf8)
            let fast = bytes.withUnsafeBytes { EventLine.parseFast($0, line: index + 1) }
            #expect(fast == line, "\(line.ndjson)")
            #expect(sameOutcome(bytes, line: index + 1), "\(line.ndjson)")
        }
    }

    @Test("every line of the fixtures and the fuzz corpus gives the same value or error both ways")
    func fixtures() throws {
        var files = ["partnership-sample.ndjson", "corrections.ndjson"]
        let corpus = try #require(
            Bundle.module.url(forResource: "fuzz-corpus", withExtension: nil, subdirectory: "Fixtures"))
        for name in try FileManager.default.contentsOfDirectory(atPath: corpus.path).sorted() {
            files.append("fuzz-corpus/" + name)
        }
        var lines = 0
        for name in files {
            for (index, raw) in try fixture(name).split(separator: 0x0A, omittingEmptySubsequences: false).enumerated()
            {
                guard !raw.isEmpty else { continue }
                lines += 1
                #expect(sameOutcome(Array(raw), line: index + 1), "\(name) line \(index + 1)")
            }
        }
        #expect(lines > 50)
    }

    @Test(
        "vocabulary values matched by their bytes: escaped, unknown and wrongly typed ones give what Foundation gives")
    func vocabularyValues() {
        func check(_ method: String) -> String {
            #"{"stream":"visit/V1","type":"VisitCheckedIn","occurredAt":"2020-02-03T08:00:00Z","actor":"staff/S0042","data":{"checkedInAt":"2020-02-03T08:00:00.000Z","method":"#
                + method + #","staffId":"S0042"}}"#
        }
        func medication(_ outcome: String, _ route: String, _ support: String) -> String {
            #"{"stream":"medication/P1","type":"MedicationRecorded","occurredAt":"2020-02-03T08:00:00Z","actor":"staff/S0042","data":{"controlledDrug":false,"dose":"1 tablet","medicine":"Metformin","outcome":"#
                + outcome + #","recordedBy":"S0042","route":"# + route
                + #","scheduledFor":"2020-02-03T08:00:00.000Z","supportLevel":"# + support + "}}"
        }
        func quoted(_ text: String) -> String { "\"" + text + "\"" }
        var lines = CheckMethod.allCases.map { check(quoted($0.rawValue)) }
        lines += [
            check(quoted(#"\u0065lectronic"#)), check(quoted("electronicX")), check(quoted("")), check("1"),
            check("null"),
        ]
        lines += MedicationOutcome.allCases.map { medication(quoted($0.rawValue), quoted("oral"), quoted("prompt")) }
        lines += MedicationRoute.allCases.map { medication(quoted("refused"), quoted($0.rawValue), quoted("prompt")) }
        lines += MedicationSupportLevel.allCases.map {
            medication(quoted("refused"), quoted("oral"), quoted($0.rawValue))
        }
        lines += [
            medication(quoted(#"r\u0065fused"#), quoted("oral"), quoted("prompt")),
            medication(quoted("refuse"), quoted("oral"), quoted("prompt")),
            medication(quoted("refused"), quoted("ora"), quoted("prompt")),
            medication(quoted("refused"), quoted("oral"), quoted("Prompt")),
        ]
        var parsedFast = 0
        for (index, line) in lines.enumerated() {
            let bytes = Array(line.utf8)
            #expect(sameOutcome(bytes, line: index + 1), "\(line)")
            if bytes.withUnsafeBytes({ EventLine.parseFast($0, line: index + 1) }) != nil { parsedFast += 1 }
        }
        // Every value of the four vocabularies, and the two escaped spellings, take the fast path.
        let values =
            CheckMethod.allCases.count + MedicationOutcome.allCases.count + MedicationRoute.allCases.count
            + MedicationSupportLevel.allCases.count
        #expect(parsedFast == values + 2)
    }

    @Test("envelope shapes the fast path refuses fall back and give the Foundation value or error")
    func refusedEnvelopes() {
        let data = #"{"checkedInAt":"2020-02-03T08:00:00.000Z","method":"electronic","staffId":"S0042"}"#
        let head =
            #""stream":"visit/V1","type":"VisitCheckedIn","occurredAt":"2020-02-03T08:00:00Z","actor":"staff/S0042""#
        let variants = [
            "{" + head + ",\"data\":" + data + "}",
            "{" + head + ",\"data\":" + data + ",\"stream\":\"visit/V2\"}",
            "{" + head + ",\"data\":" + data + ",\"extra\":1}",
            "{" + head + ",\"data\":" + data + ",\"idempotencyKey\":null}",
            "{" + head + ",\"data\":" + data + ",\"idempotencyKey\":\"\"}",
            "{" + head + ",\"data\":" + data + ",\"schemaVersion\":9}",
            "{" + head + ",\"data\":" + data + ",\"schemaVersion\":1.0}",
            "{" + head + ",\"data\":" + data + ",\"expectedVersion\":-1}",
            "{" + head + ",\"data\":" + data + ",\"expectedVersion\":\"later\"}",
            "{" + head + ",\"data\":" + data + ",\"expectedVersion\":0}",
            "{" + head + ",\"data\":" + data + ",\"recordedAt\":\"2020-13-01T00:00:00Z\"}",
            "{" + head + ",\"data\":{\"checkedInAt\":\"2020-02-03T08:00:00.000Z\",\"nested\":{\"a\":[1,{}]}}}",
            "{" + head + ",\"data\":" + data + "} x",
            "{" + head + ",\"data\":" + data,
            "{" + head + ",\"data\":[" + data + "]}",
            #"{"stream":"Visit/V1","type":"VisitCheckedIn","occurredAt":"2020-02-03T08:00:00Z","actor":"staff/S0042","data":"#
                + data + "}",
            #"{"stream":"visit/V1","type":"VisitCheckedIn","occurredAt":"2020-02-03T08:00:00Z","actor":"Jane Doe","data":"#
                + data + "}",
            #"{"stream":"visit/V1","type":"NoSuchEvent","occurredAt":"2020-02-03T08:00:00Z","actor":"staff/S0042","data":"#
                + data + "}",
            #"{"stream":"visit/V1","type":"VisitCheckedIn","occurredAt":"yesterday","actor":"staff/S0042","data":"#
                + data + "}",
            #"{"stream":"visit/V1","type":"VisitCheckedIn","actor":"staff/S0042","data":"# + data + "}",
            #"{"st\u0072eam":"visit/V1","type":"VisitCheckedIn","occurredAt":"2020-02-03T08:00:00Z","actor":"staff/S0042","data":"#
                + data + "}",
            #"{"stream":"visit/V1","type":"VisitScheduled","schemaVersion":1,"occurredAt":"2020-02-03T08:00:00Z","actor":"staff/S0042","data":{"personId":"P1","plannedStart":"2020-02-03T08:00:00Z","durationMinutes":30,"timeCritical":false}}"#,
        ]
        for text in variants {
            #expect(sameOutcome(Array(text.utf8), line: 3), "\(text)")
        }
        var invalid = Array(("{" + head + ",\"data\":" + data + ",\"correlationId\":\"").utf8)
        invalid += [0xC3, 0x28] + Array("\"}".utf8)
        #expect(sameOutcome(invalid, line: 1))
        #expect(invalid.withUnsafeBytes { EventLine.parseFast($0, line: 1) } == nil)
    }

    /// Whether ``EventLine/parse(_:line:)`` and the Foundation-only path give the same result.
    private func sameOutcome(_ bytes: [UInt8], line: Int) -> Bool {
        func run(_ body: () throws(CatalogueError) -> EventLine) -> Result<EventLine, CatalogueError> {
            do { return .success(try body()) } catch { return .failure(error) }
        }
        let parsed = run { () throws(CatalogueError) in try EventLine.parse(bytes, line: line) }
        let foundation = run { () throws(CatalogueError) in try EventLine.parseWithFoundation(bytes, line: line) }
        return parsed == foundation
    }
}
