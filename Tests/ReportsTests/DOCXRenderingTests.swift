import Foundation
import Projections
import Reports
import Testing
import ZIPFoundation

/// The `.docx` rendering: a valid package, deterministic bytes, repeated header rows, shaded
/// and labelled RAG cells, landscape for wide tables, and LibreOffice opens it.
@Suite("DOCX rendering")
struct DOCXRenderingTests {
    /// The text of one part of a `.docx` package.
    static func part(_ path: String, of bytes: [UInt8]) throws -> String {
        let archive = try Archive(data: Data(bytes), accessMode: .read)
        let entry = try #require(archive[path], "no \(path) in the package")
        var data = Data()
        _ = try archive.extract(entry) { data.append($0) }
        return String(decoding: data, as: UTF8.self)
    }

    @Test func renderingTheSameDocumentTwiceGivesTheSameBytes() throws {
        let document = try RAGTableFixture.document()
        let first = ReportRenderer().render(document, as: .docx)
        #expect(first.starts(with: [0x50, 0x4B, 0x03, 0x04]), "a ZIP package")
        #expect(ReportRenderer().render(document, as: .docx) == first)
        var other = document
        other.title += " (draft)"
        #expect(ReportRenderer().render(other, as: .docx) != first)
    }

    @Test func packageHasTheWordprocessingParts() throws {
        let bytes = ReportRenderer().render(try RAGTableFixture.document(), as: .docx)
        let archive = try Archive(data: Data(bytes), accessMode: .read)
        #expect(
            archive.map(\.path) == [
                "[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/styles.xml",
                "word/_rels/document.xml.rels",
            ])
        #expect(try Self.part("[Content_Types].xml", of: bytes).contains("wordprocessingml.document.main+xml"))
    }

    @Test func ragCellsAreShadedAndKeepTheirLabels() throws {
        let xml = try Self.part(
            "word/document.xml", of: ReportRenderer().render(try RAGTableFixture.document(), as: .docx))
        let cells = xml.components(separatedBy: "<w:tc>").dropFirst()
        func shaded(_ fill: String, label: String) -> Bool {
            cells.contains {
                $0.contains("w:fill=\"\(fill)\"") && $0.contains(">\(label)</w:t>")
                    && $0.contains("w:color w:val=\"000000\"")
            }
        }
        #expect(shaded("4CAF50", label: "G"))
        #expect(shaded("FFBF47", label: "A"))
        #expect(shaded("E5534B", label: "R"))
        #expect(shaded("D9D9D9", label: "no data"))
        #expect(xml.contains("<w:tblHeader/>"), "the header row repeats on every page")
        #expect(xml.contains("w:orient=\"landscape\""), "a nine-column table is laid out landscape")
        #expect(xml.contains("Missed medications (% of MAR entries)"))
    }

    @Test func narrowTablesStayPortraitAndTextIsEscaped() throws {
        var document = ReportFixture.document
        document.sections = Array(document.sections.suffix(1))  // the three-column table only
        document.sections[0].notes = [ReportFixture.trickyText]
        let xml = try Self.part("word/document.xml", of: ReportRenderer().render(document, as: .docx))
        #expect(!xml.contains("w:orient=\"landscape\""))
        #expect(xml.contains("&lt;script&gt;"))
        #expect(!xml.contains("<script>"))
    }

    @Test(
        .enabled(
            if: ExternalTool.path("soffice") != nil && ExternalTool.path("pdftotext") != nil,
            "libreoffice or pdftotext is not installed (apt-get install libreoffice-writer poppler-utils)"))
    func libreOfficeOpensItAndPrintsEveryColumn() throws {
        let document = try RAGTableFixture.document()
        let directory = try ExternalTool.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let docx = directory.appendingPathComponent("rag.docx")
        try Data(ReportRenderer().render(document, as: .docx)).write(to: docx)
        let profile = directory.appendingPathComponent("profile").absoluteString
        try ExternalTool.run(
            "soffice",
            [
                "-env:UserInstallation=\(profile)", "--headless", "--convert-to", "pdf", "--outdir", directory.path,
                docx.path,
            ])
        let text = try ExternalTool.pdfText(directory.appendingPathComponent("rag.pdf"))
        let table = try #require(document.sections.last?.table)
        for column in table.columns {
            #expect(ExternalTool.containsWords(of: column.title, in: text), "column \(column.title) is on the page")
        }
        #expect(text.contains("not comparable"), "a known cell of the last column")
    }
}
