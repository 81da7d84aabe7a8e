import Foundation
import SourceImport
import Testing
import ZIPFoundation

/// A sheet's cells are kept per row in the order read (not in a dictionary): cells out of column
/// order, without a reference or given twice still read as they did.
@Suite struct SheetCellOrderTests {
    /// A one-sheet workbook whose sheet data is `rows`.
    static func workbook(rows: String) throws -> Data {
        let archive = try Archive(data: Data(), accessMode: .create)
        func add(_ path: String, _ text: String) throws {
            let data = Data(text.utf8)
            try archive.addEntry(
                with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate
            ) { position, size in data.subdata(in: Int(position)..<Int(position) + size) }
        }
        let main = XLSXSourceReaderTests.mainNS
        let rel = XLSXSourceReaderTests.relNS
        try add(
            "xl/workbook.xml",
            """
            <workbook xmlns="\(main)" xmlns:r="\(rel)"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>
            """)
        try add(
            "xl/_rels/workbook.xml.rels",
            """
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            <Relationship Id="rId1" Type="\(rel)/worksheet" Target="worksheets/sheet1.xml"/></Relationships>
            """)
        try add("xl/worksheets/sheet1.xml", "<worksheet xmlns=\"\(main)\"><sheetData>\(rows)</sheetData></worksheet>")
        return try #require(archive.data)
    }

    static func text(_ reference: String?, _ value: String) -> String {
        "<c\(reference.map { " r=\"\($0)\"" } ?? "") t=\"inlineStr\"><is><t>\(value)</t></is></c>"
    }

    @Test func cellsOutOfOrderUnreferencedAndRepeatedReadAsBefore() throws {
        // Header: B before A, a cell without a reference (the third cell read: column C), D given
        // twice (the last one counts). Row 2: D first, A twice (the last one counts), C unreferenced
        // after three distinct columns (column D: it replaces D's first value).
        let rows =
            "<row r=\"1\">" + Self.text("B1", "Client") + Self.text("A1", "Ref") + Self.text(nil, "Start")
            + Self.text("D1", "Wrong") + Self.text("D1", "Minutes") + "</row>"
            + "<row r=\"2\"><c r=\"D2\"><v>99</v></c><c r=\"A2\"><v>7</v></c><c r=\"A2\"><v>1</v></c>"
            + Self.text("B2", "101") + Self.text(nil, "45") + Self.text("C2", "10/02/2020 10:00") + "</row>"
        let mapping = try visitScheduleMapping(source: "xlsx", streamPrefix: "X")
        var reader = try XLSXSourceReader(data: try Self.workbook(rows: rows), sheet: nil, mapping: mapping)
        #expect(reader.header == ["Ref", "Client", "Start", "Minutes"])
        let row = try #require(try reader.next())
        #expect(row.number == 2)
        #expect(row.values == ["1", "101", "10/02/2020 10:00", "45"])
        #expect(try reader.next() == nil)
    }

    @Test func headerWiderThanTheMappingKeepsItsBlankColumns() throws {
        let rows =
            "<row r=\"1\">" + Self.text("A1", "Ref") + Self.text("B1", "Client") + Self.text("C1", "Start")
            + Self.text("D1", "Minutes") + Self.text("G1", " Notes ") + "</row>"
        let mapping = try visitScheduleMapping(source: "xlsx", streamPrefix: "X")
        let reader = try XLSXSourceReader(data: try Self.workbook(rows: rows), sheet: nil, mapping: mapping)
        #expect(reader.header == ["Ref", "Client", "Start", "Minutes", "", "", "Notes"])
    }
}
