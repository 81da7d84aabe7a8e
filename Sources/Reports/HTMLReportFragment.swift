/// The parts of a report's HTML page that another page lays out inside its own (the web
/// pages of `CarelogWeb`): the same style sheet, provenance box and tables the HTML format
/// writes, so a report reads the same on screen, in the download and on paper.
package enum HTMLReportFragment {
    /// The report style sheet (tables, RAG colours with their labels, print rules).
    package static var styleSheet: String { HTMLReportWriter.styleSheet }

    /// The provenance box (`<dl class="provenance">`).
    package static func provenance(_ provenance: ReportProvenance) -> String {
        HTMLReportWriter.provenance(provenance)
    }

    /// Every section of `document`, as the HTML format writes them, except that each table
    /// carries a `<caption>`: the section's heading, else the document's title.
    package static func sections(_ document: ReportDocument) -> String {
        var out = ""
        for (index, section) in document.sections.enumerated() {
            var written = HTMLReportWriter.section(section, index: index)
            let caption = HTMLReportWriter.escape(section.heading ?? document.title, lineBreak: " ")
            if let range = written.firstRange(of: "<table>\n") {
                written.replaceSubrange(range, with: "<table>\n<caption>\(caption)</caption>\n")
            }
            out += written
        }
        return out
    }
}
