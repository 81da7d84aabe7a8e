import CareRecord
import EventLog
import Foundation
import SourceImport
import Testing

/// Exports as spreadsheets really produce them: read, or refused with row and column, never echoed.
@Suite struct HostileExportTests {
    /// A small mapping for one VisitScheduled per row.
    func mapping(delimiter: String = ",", headerRow: Int = 1) throws -> SourceMapping {
        try visitScheduleMapping(
            source: "test", streamPrefix: "T",
            layout: "delimiter: \"\(delimiter == "\t" ? "tab" : delimiter)\"\nheaderRow: \(headerRow)\n")
    }

    @Test func bomCRLFSemicolonsQuotedNewlinesAndEmptyTrailingRowsAreRead() throws {
        let csv =
            "\u{FEFF}Ref;Client;Start;Minutes;Note\r\n"
            + "1;101;10/02/2020 08:00;30;\"two\r\nlines; and a \"\"quote\"\"\"\r\n"
            + "2;P101;2020-02-10T09:00:00Z;45;\r\n"
            + "3;000101;43871.416666666664;60;\r\n"
            + ";;;;\r\n\r\n;;;;\r\n"
        let store = try seededStore()
        let summary = try importCSV(csv, mapping: try mapping(delimiter: ";"), into: store)
        #expect(summary.problems.isEmpty, "\(summary.problems)")
        #expect(summary.rows == 3)
        let facts = try visitFacts(store).filter { $0.hasPrefix("visit/T") }
        // Dates in three formats: UK local text, ISO 8601, Excel serial (10/02/2020 10:00).
        #expect(facts.count == 3)
        #expect(facts[0].hasPrefix("visit/T000001 VisitScheduled 2020-02-10T08:00:00.000Z"))
        #expect(facts[1].hasPrefix("visit/T000002 VisitScheduled 2020-02-10T09:00:00.000Z"))
        #expect(facts[2].hasPrefix("visit/T000003 VisitScheduled 2020-02-10T10:00:00.000Z"))
        #expect(facts.allSatisfy { $0.contains("\"personId\":\"P000101\"") })
    }

    @Test func rowNumbersCountQuotedNewlinesAsOneRow() throws {
        let csv = "Ref,Client,Start,Minutes,Note\n1,101,10/02/2020 08:00,30,\"a\nb\"\n2,101,10/02/2020 08:00,zebra,\n"
        let summary = try importCSV(csv, mapping: try mapping(), into: try seededStore())
        #expect(summary.problems.map(\.row) == [3])
        #expect(summary.problems.first?.column == "Minutes")
    }

    @Test func mergedHeaderRowIsRefusedNamingTheMissingColumn() throws {
        let csv = "Visit details,,,Actual\nRef,Client,Start,Minutes\n1,101,10/02/2020 08:00,30\n"
        #expect {
            _ = try importCSV(csv, mapping: try mapping(), into: try seededStore())
        } throws: { error in
            guard let problem = error as? RowProblem else { return false }
            return problem.row == 1 && problem.column == "Client" && problem.message.contains("headerRow")
        }
        // With the real header row named, the same file imports.
        let summary = try importCSV(csv, mapping: try mapping(headerRow: 2), into: try seededStore())
        #expect(summary.problems.isEmpty && summary.rows == 1)
    }

    @Test func duplicatedHeaderNameIsRefused() throws {
        let csv = "Ref,Client,Start,Minutes,Client\n1,101,10/02/2020 08:00,30,102\n"
        #expect {
            _ = try importCSV(csv, mapping: try mapping(), into: try seededStore())
        } throws: { error in
            (error as? RowProblem).map { $0.row == 1 && $0.column == "Client" && $0.message.contains("repeats") }
                ?? false
        }
    }

    @Test func formulaCellsAreProblemsNotValues() throws {
        let csv = "Ref,Client,Start,Minutes\n1,101,10/02/2020 08:00,=SUM(B2:B9)\n"
        let store = try seededStore()
        let head = try store.checkpoint().sequence
        let summary = try importCSV(csv, mapping: try mapping(), into: store)
        let problem = try #require(summary.problems.first)
        #expect(problem.row == 2 && problem.column == "Minutes" && problem.message.contains("formula"))
        #expect(!problem.description.contains("SUM"))
        #expect(try store.checkpoint().sequence == head)
    }

    @Test func problemsNameRowAndColumnAndNeverEchoTheCell() throws {
        let csv =
            "Ref,Client,Start,Minutes\n"
            + "1,101,10/02/2020 08:00,30\n"
            + "2,Zebedee Secret,10/02/2020 08:00,30\n"
            + "3,101,31/02/2020 08:00,30\n"
            + "4,101,10/02/2020 08:00,99999\n"
        let store = try seededStore()
        let head = try store.checkpoint().sequence
        let summary = try importCSV(csv, mapping: try mapping(), into: store)
        #expect(summary.problems.map(\.row) == [3, 4, 5])
        #expect(summary.problems.map(\.column) == ["Client", "Start", "Minutes"])
        #expect(summary.problems[2].field == "VisitScheduled data.plannedMinutes")
        for problem in summary.problems {
            #expect(!problem.description.contains("Zebedee") && !problem.description.contains("31/02"))
            #expect(!problem.description.contains("99999"))
        }
        // One problem anywhere: nothing of the file is appended (row 2 was fine).
        #expect(summary.appended == 0)
        #expect(try store.checkpoint().sequence == head)
    }

    @Test func untranslatedCodeIsAProblemOfItsRow() throws {
        var csv = try example("ecm-visits.csv")
        csv = csv.replacingOccurrences(of: "ECM,ECM,", with: "Carrier Pigeon,ECM,")
        let summary = try importCSV(csv, mapping: try ecmMapping(), into: try seededStore(), dryRun: true)
        let problem = try #require(summary.problems.first)
        #expect(problem.row == 2 && problem.column == "Verification In" && problem.message.contains("codes"))
        #expect(!problem.description.contains("Pigeon"))
    }

    @Test func unknownPersonIsRefusedByTheCataloguesOwnCheck() throws {
        let csv = "Ref,Client,Start,Minutes\n1,999,10/02/2020 08:00,30\n"
        let summary = try importCSV(csv, mapping: try mapping(), into: try seededStore())
        let problem = try #require(summary.problems.first)
        #expect(problem.row == 2 && problem.column == "Client")
        #expect(problem.field == "VisitScheduled data.personId")
    }

    @Test func recordRestatedWithAnotherValueInALaterChunkIsRefusedNotCorrected() throws {
        // The first row is appended in its own chunk before the second is read: the second contradicts
        // what this import itself recorded, which the planner refuses (a correction is only of what
        // the store held before the import began).
        let csv = "Ref,Client,Start,Minutes\n1,101,10/02/2020 08:00,30\n1,101,10/02/2020 08:00,45\n"
        let summary = try importCSV(csv, mapping: try mapping(), into: try seededStore(), chunk: 1)
        #expect(summary.corrections.isEmpty)
        let problem = try #require(summary.problems.first)
        #expect(problem.row == 3 && problem.message.contains("contradicts"))
        #expect(!problem.description.contains("45"))
    }

    @Test func mappingNamingAnUnknownValueIsRefused() {
        #expect(throws: MappingError.self) {
            _ = try SourceMapping.parse(
                yaml: """
                    source: t
                    actor: system/t
                    recordId: Ref
                    values: {a: {column: A}}
                    events: [{type: VisitScheduled, stream: "visit/{b}", occurredAt: a, data: {}}]
                    """)
        }
    }
}
