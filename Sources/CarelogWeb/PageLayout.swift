import Reports

/// The frame of every page: skip link, banner with who is signed in and a sign-out form,
/// navigation listing only the pages the role may open, one `<h1>`, and the main content.
package struct PageLayout: Sendable {
    /// The page's heading (its only `<h1>`) and title.
    package var title: String
    /// Which page this is (marked `aria-current` in the navigation), nil for sign-in and errors.
    package var page: WebPage?
    /// Who is signed in, nil on the sign-in page.
    package var session: WebSession?
    /// Whether the page prints landscape (wide tables).
    package var landscape: Bool
    /// The content under the heading.
    package var body: HTML

    package init(title: String, page: WebPage?, session: WebSession?, landscape: Bool = false, body: HTML) {
        self.title = title
        self.page = page
        self.session = session
        self.landscape = landscape
        self.body = body
    }

    /// Screen and print rules on top of the report style sheet.
    static let pageStyle = """
        body { max-width: none; padding: 0; margin: 0; }
        .skip { position: absolute; left: -10000px; top: 0; background: #fff; color: #000; padding: 2mm 3mm; }
        .skip:focus { left: 2mm; z-index: 10; }
        a { color: #1d3f8f; }
        a:focus, button:focus, input:focus, select:focus, summary:focus { outline: 3px solid #b35900; outline-offset: 2px; }
        .site { display: flex; flex-wrap: wrap; justify-content: space-between; align-items: center; background: #1d3f8f; color: #fff; padding: 2mm 6mm; }
        .site p { margin: 0; }
        .site .brand { font-weight: bold; font-size: 14pt; }
        .site button { font: inherit; padding: 1mm 3mm; }
        nav.pages ul { list-style: none; margin: 0; padding: 2mm 6mm; display: flex; flex-wrap: wrap; gap: 5mm; border-bottom: 1px solid #444; }
        nav.pages a[aria-current="page"] { font-weight: bold; color: #000; }
        main { padding: 4mm 6mm 10mm 6mm; }
        form.filters { display: flex; flex-wrap: wrap; gap: 4mm; align-items: flex-end; margin: 0 0 4mm 0; padding: 2mm 3mm; border: 1px solid #767676; }
        form.filters label { display: block; font-weight: bold; font-size: 10pt; }
        form.filters .hint { display: block; font-size: 9pt; margin: 0 0 1mm 0; }
        form.filters input, form.filters select, form.filters button { font: inherit; padding: 1mm 2mm; }
        ul.links li { margin: 0.5em 0; }
        ul.links a { display: inline-block; min-height: 24px; line-height: 24px; }
        .downloads ul { display: flex; flex-wrap: wrap; gap: 4mm; list-style: none; padding: 0; }
        .notice { border-left: 4px solid #1d3f8f; padding: 1mm 3mm; }
        .error { border-left: 4px solid #b00020; padding: 1mm 3mm; }
        @media print {
          .skip, nav.pages, form.filters, .downloads, .site form { display: none; }
          .site { background: #fff; color: #000; padding: 0; }
          main { padding: 0; }
          table { font-size: 8.5pt; }
          th, td { padding: 1mm 1.2mm; }
        }
        """

    /// The whole document.
    package func render() -> String {
        var out = """
            <!DOCTYPE html>
            <html lang="en-GB">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(HTML.escape(title)) — Carelog</title>
            <style>
            \(HTMLReportFragment.styleSheet)
            \(Self.pageStyle)
            \(landscape ? "@page { size: A4 landscape; }" : "")
            </style>
            </head>
            <body>
            <a class="skip" href="#main">Skip to main content</a>
            <header class="site">
            <p class="brand">Carelog</p>

            """
        if let session {
            out +=
                "<p>Signed in as \(HTML.escape(session.user.subject)) (\(HTML.escape(session.user.roleLabel)))</p>\n"
            out += "<form method=\"post\" action=\"/web/sign-out\">"
            out += "<input type=\"hidden\" name=\"csrf\" value=\"\(HTML.escape(session.csrfToken))\">"
            out += "<button type=\"submit\">Sign out</button></form>\n"
        }
        out += "</header>\n"
        if let session {
            out += "<nav class=\"pages\" aria-label=\"Pages\">\n<ul>\n"
            for item in WebPage.allCases where item.inNavigation && item.isOpen(to: session.user) {
                let current = item == page ? " aria-current=\"page\"" : ""
                out += "<li><a href=\"\(item.path)\"\(current)>\(HTML.escape(item.title))</a></li>\n"
            }
            out += "</ul>\n</nav>\n"
        }
        out += "<main id=\"main\">\n<h1>\(HTML.escape(title))</h1>\n"
        out += body.markup
        out += "\n</main>\n</body>\n</html>\n"
        return out
    }
}
