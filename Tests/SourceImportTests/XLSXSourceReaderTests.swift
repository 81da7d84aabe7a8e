import CareRecord
import EventLog
import Foundation
import SourceImport
import Testing
import ZIPFoundation

/// `.xlsx` workbooks, built here with ZIPFoundation as Excel lays them out.
@Suite struct XLSXSourceReaderTests {
    static let mainNS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let relNS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    /// A workbook with a title sheet and a visits sheet (shared strings, an inline string, numbers,
    /// an Excel serial date and, when asked, a formula and `extraRows` more visits from row 7).
    static func workbook(formula: Bool = false, extraRows: Int = 0) throws -> Data {
        let archive = try Archive(data: Data(), accessMode: .create)
        func add(_ path: String, _ text: String) throws {
            let data = Data(text.utf8)
            try archive.addEntry(
                with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate
            ) { position, size in data.subdata(in: Int(position)..<Int(position) + size) }
        }
        try add(
            "xl/workbook.xml",
            """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <workbook xmlns="\(mainNS)" xmlns:r="\(relNS)"><sheets>\
            <sheet name="Title" sheetId="1" r:id="rId1"/><sheet name="Visits" sheetId="2" r:id="rId2"/>\
            </sheets></workbook>
            """)
        try add(
            "xl/_rels/workbook.xml.rels",
            """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            <Relationship Id="rId1" Type="\(relNS)/worksheet" Target="worksheets/sheet1.xml"/>\
            <Relationship Id="rId2" Type="\(relNS)/worksheet" Target="worksheets/sheet2.xml"/>\
            <Relationship Id="rId3" Type="\(relNS)/sharedStrings" Target="sharedStrings.xml"/>\
            </Relationships>
            """)
        try add(
            "xl/sharedStrings.xml",
            """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <sst xmlns="\(mainNS)" count="6" uniqueCount="6"><si><t>Ref</t></si><si><t>Client</t></si>\
            <si><r><t>Sta</t></r><r><t xml:space="preserve">rt</t></r></si><si><t>Minutes</t></si>\
            <si><t>P101</t></si><si><t>Weekly visits</t></si></sst>
            """)
        try add(
            "xl/worksheets/sheet1.xml",
            """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <worksheet xmlns="\(mainNS)"><sheetData><row r="1"><c r="A1" t="s"><v>5</v></c></row></sheetData></worksheet>
            """)
        let minutes = formula ? "<c r=\"D4\"><f>SUM(D2:D3)</f><v>75</v></c>" : "<c r=\"D4\"><v>60</v></c>"
        try add(
            "xl/worksheets/sheet2.xml",
            """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <worksheet xmlns="\(mainNS)"><sheetData>\
            <row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c>\
            <c r="D1" t="s"><v>3</v></c></row>\
            <row r="2"><c r="A2"><v>1</v></c><c r="B2" t="s"><v>4</v></c><c r="C2"><v>43871.333333333336</v></c>\
            <c r="D2"><v>30</v></c></row>\
            <row r="3"><c r="A3"><v>2</v></c><c r="B3" t="inlineStr"><is><t>101</t></is></c>\
            <c r="C3" t="str"><v>2020-06-15T09:00:00+01:00</v></c><c r="D3"><v>45</v></c></row>\
            <row r="4"><c r="A4"><v>3</v></c><c r="B4"><v>101</v></c><c r="C4" t="inlineStr"><is><t>10/02/2020 10:00</t></is></c>\
            \(minutes)</row>\
            <row r="6"><c r="A6" t="inlineStr"><is><t></t></is></c></row>\
            \(extra(extraRows))</sheetData></worksheet>
            """)
        return try #require(archive.data)
    }

    /// Rows 7… of the visits sheet: the client as an inline string with a character reference
    /// (`P&#49;01` is `P101`), the start as UK text.
    static func extra(_ count: Int) -> String {
        (0..<count).map { index in
            let r = index + 7
            return
                "<row r=\"\(r)\"><c r=\"A\(r)\"><v>\(r)</v></c><c r=\"B\(r)\" t=\"inlineStr\"><is><t>P&#49;01</t></is></c>"
                + "<c r=\"C\(r)\" t=\"inlineStr\"><is><t>10/02/2020 10:00</t></is></c><c r=\"D\(r)\"><v>30</v></c></row>"
        }.joined()
    }

    func mapping() throws -> SourceMapping {
        try visitScheduleMapping(source: "xlsx", streamPrefix: "X")
    }

    @Test func namedSheetWithSharedInlineAndRichStringsNumbersAndSerialDatesImports() throws {
        let store = try seededStore()
        var reader = try XLSXSourceReader(data: try Self.workbook(), sheet: "Visits", mapping: try mapping())
        #expect(reader.header == ["Ref", "Client", "Start", "Minutes"])
        let summary = try MappedImport(mapping: try mapping()).run(&reader, into: store, now: testNow)
        #expect(summary.problems.isEmpty, "\(summary.problems)")
        #expect(summary.rows == 3)
        let facts = try visitFacts(store).filter { $0.hasPrefix("visit/X") }
        #expect(facts.count == 3)
        // 10/02/2020 08:00 as a serial (GMT), ISO with offset, UK text.
        #expect(facts[0].hasPrefix("visit/X000001 VisitScheduled 2020-02-10T08:00:00.000Z"))
        #expect(facts[1].hasPrefix("visit/X000002 VisitScheduled 2020-06-15T08:00:00.000Z"))
        #expect(facts[2].hasPrefix("visit/X000003 VisitScheduled 2020-02-10T10:00:00.000Z"))
        #expect(facts.allSatisfy { $0.contains("\"personId\":\"P000101\"") })
    }

    @Test func sheetLargerThanTheUnpackingPiecesIsReadRowByRow() throws {
        // About 750 KiB of sheet XML: many 64 KiB pieces, with rows, tags and references cut across them.
        let extra = 4000
        var reader = try XLSXSourceReader(
            data: try Self.workbook(extraRows: extra), sheet: "Visits", mapping: try mapping())
        let store = try seededStore()
        let summary = try MappedImport(mapping: try mapping(), chunkSize: 1000).run(&reader, into: store, now: testNow)
        #expect(summary.problems.isEmpty, "\(summary.problems)")
        #expect(summary.rows == 3 + extra)
        let facts = try visitFacts(store).filter { $0.hasPrefix("visit/X") }
        #expect(facts.count == 3 + extra)
        #expect(facts.allSatisfy { $0.contains("\"personId\":\"P000101\"") })
        #expect(facts.last?.hasPrefix("visit/X00\(extra + 6) VisitScheduled 2020-02-10T10:00:00.000Z") == true)
    }

    @Test func unknownSheetIsRefusedListingTheSheets() throws {
        #expect {
            _ = try XLSXSourceReader(data: try Self.workbook(), sheet: "Visit", mapping: try mapping())
        } throws: { error in
            (error as? RowProblem)?.message.contains("Title, Visits") ?? false
        }
    }

    @Test func firstSheetIsReadByDefaultAndItsHeaderChecked() throws {
        #expect {
            _ = try XLSXSourceReader(data: try Self.workbook(), sheet: nil, mapping: try mapping())
        } throws: { error in
            (error as? RowProblem).map { $0.row == 1 && $0.column != nil } ?? false
        }
    }

    @Test func formulaCellIsAProblemOfItsRowAndColumn() throws {
        var reader = try XLSXSourceReader(
            data: try Self.workbook(formula: true), sheet: "Visits", mapping: try mapping())
        let summary = try MappedImport(mapping: try mapping(), dryRun: true).run(
            &reader, into: try seededStore(), now: testNow)
        #expect(summary.problems.map(\.row) == [4])
        #expect(summary.problems.first?.column == "Minutes")
        #expect(summary.problems.first?.message.contains("formula") == true)
    }

    @Test func notAWorkbookIsRefused() {
        #expect(throws: RowProblem.self) {
            _ = try XLSXSourceReader(data: Data("Ref,Client\n".utf8), sheet: nil, mapping: try mapping())
        }
    }
}
