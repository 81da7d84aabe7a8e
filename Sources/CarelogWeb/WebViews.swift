import CareCalendar
import CarelogOperations
import EventLog
import Foundation
import Projections
import Reports

/// The content of each page for one request: forms, the report laid out, downloads. Built
/// from the same ``CarelogOperations/ReportWiring`` calls the command line and the API make.
struct WebViews {
    let pages: WebPages
    let query: WebQuery
    let session: WebSession
    let today: CareDate

    var store: any EventStore { pages.store }

    // MARK: Requests

    /// The reporting date: `asAt`, else today (UK).
    func asAt() throws(WebInputError) -> CareDate { try query.date("asAt", default: today) }

    /// The period: `from` (default: first day of the quarter of `to`) to `to` (default: as at).
    func period(asAt: CareDate) throws -> ClosedRange<CareDate> {
        let end = try query.date("to", default: asAt)
        let start = try query.date("from", default: Quarter.containing(end).firstDay)
        guard start <= end else { throw WebInputError.invalid("from", "on or before the to date") }
        return start...end
    }

    /// The ``ReportRequest`` for a report of `kind` from this page's parameters: what the
    /// command line builds from the same options.
    func reportRequest(for kind: ReportKind) throws -> ReportRequest {
        let asAt = try asAt()
        var request = ReportRequest(asAt: asAt, knownAt: try query.knownAt(), format: try query.format())
        switch kind {
        case .improvementRAG:
            request.quarter = try query.quarter("quarter")
            request.programme = query["programme"]
        case .reviewsDue: break
        case .compliance, .complaints, .complianceTrend: request.period = try period(asAt: asAt)
        case .visitDelivery:
            request.period = try period(asAt: asAt)
            if let by = query["by"] {
                guard let grouping = VisitDeliveryGrouping(rawValue: by) else {
                    throw WebInputError.invalid("by", "team, carer or person")
                }
                request.visitGrouping = grouping
            }
        case .access:
            request.period = try period(asAt: asAt)
            request.personId = query["person"].flatMap { $0.isEmpty ? nil : $0 }
            request.subject = query["subject"].flatMap { $0.isEmpty ? nil : $0 }
        case .notifications:
            request.period = try period(asAt: asAt)
            guard
                let key = try PseudonymKeyFile.load(
                    store: pages.storePath, recipient: PseudonymKeyFile.defaultRecipient)
            else {
                throw WebPageError.notFound(
                    "no extract has been made available: the store holds no pseudonym key for the Care Inspectorate")
            }
            request.naming = .pseudonymous(key)
        }
        return request
    }

    // MARK: Shared pieces

    /// Links to the report in every format, with this page's parameters.
    func downloads(_ kind: ReportKind, names: [String], manifest: Bool = false) -> HTML {
        var out =
            "<section class=\"downloads\" aria-labelledby=\"downloads\">\n<h2 id=\"downloads\">Download</h2>\n<ul>\n"
        func link(_ extra: [(String, String)]) -> String {
            var items = names.compactMap { name in query[name].map { (name, $0) } }
            items += extra
            let text = items.map { TokenExchange.formEncode($0.0) + "=" + TokenExchange.formEncode($0.1) }
            return HTML.escape("/web/download/\(kind.rawValue)?" + text.joined(separator: "&"))
        }
        for format in ReportFormat.allCases {
            out += "<li><a href=\"\(link([("format", format.rawValue)]))\" download>"
            out += "\(Self.formatName(format)) (.\(format.fileExtension))</a></li>\n"
        }
        if manifest {
            out += "<li><a href=\"\(link([("format", "csv"), ("manifest", "1")]))\" download>"
            out += "Manifest of the CSV extract (.json)</a></li>\n"
        }
        return HTML(raw: out + "</ul>\n</section>")
    }

    static func formatName(_ format: ReportFormat) -> String {
        switch format {
        case .markdown: return "Markdown"
        case .csv: return "CSV"
        case .json: return "JSON"
        case .html: return "HTML"
        case .docx: return "Word"
        }
    }

    /// The report's provenance box and sections.
    func report(_ document: ReportDocument) -> HTML {
        HTML(
            raw: "<section aria-labelledby=\"report\">\n<h2 id=\"report\">\(HTML.escape(document.title))</h2>\n"
                + HTMLReportFragment.provenance(document.provenance)
                + HTMLReportFragment.sections(document).replacingOccurrences(of: "<h2>", with: "<h3>")
                .replacingOccurrences(of: "</h2>", with: "</h3>")
                + "</section>")
    }

    func positionFields(asAt: CareDate) -> [WebForm.Field] {
        [
            .input(name: "asAt", label: "As at", value: asAt.iso8601, type: "date", hint: nil),
            .input(
                name: "knownAt", label: "As known at", value: query["knownAt"] ?? "head", type: "text",
                hint: "head, a log sequence number, or an instant (2026-01-31T17:00:00Z)"),
        ]
    }

    // MARK: Pages

    func home() -> HTML {
        var out = "<p>You are signed in with the role: \(HTML.escape(session.user.roleLabel)).</p>\n"
        out += "<ul class=\"links\">\n"
        for page in WebPage.allCases where page != .home && page.inNavigation && page.isOpen(to: session.user) {
            out += "<li><a href=\"\(page.path)\">\(HTML.escape(page.title))</a></li>\n"
        }
        out += "</ul>\n"
        if !session.user.teams.isEmpty {
            out += "<p>Your lists show the teams: \(HTML.escape(session.user.teams.joined(separator: ", "))).</p>\n"
        }
        return HTML(raw: out)
    }

    func rag() throws -> HTML {
        let request = try reportRequest(for: .improvementRAG)
        let (table, context) = try pages.withReportCache {
            try ReportWiring.ragTable(request, store: store, cache: $0)
        }
        let document = ImprovementRAGReport.document(table, context: context)
        let form = WebForm.filters(
            action: WebPage.rag.path, label: "Quarter and log position",
            fields: [
                .input(
                    name: "quarter", label: "Quarter", value: query["quarter"] ?? table.quarter.description,
                    type: "text", hint: "for example 2026-Q1")
            ] + positionFields(asAt: request.asAt))
        return form + report(document)
            + downloads(.improvementRAG, names: ["asAt", "knownAt", "quarter", "programme"])
    }

    func compliance() throws -> HTML {
        let request = try reportRequest(for: .compliance)
        let document = try pages.withReportCache {
            try ReportWiring.build(.compliance, request, store: store, cache: $0).document
        }
        let period = request.period ?? request.asAt...request.asAt
        let form = WebForm.filters(
            action: WebPage.compliance.path, label: "Period and log position",
            fields: [
                .input(name: "from", label: "From", value: period.lowerBound.iso8601, type: "date", hint: nil),
                .input(name: "to", label: "To", value: period.upperBound.iso8601, type: "date", hint: nil),
            ] + positionFields(asAt: request.asAt))
        return form + report(document) + downloads(.compliance, names: ["asAt", "knownAt", "from", "to"])
    }

    /// A report for a period (complaints, the compliance trend, visit delivery, the access
    /// report): its filter form, the report as the command line builds it, and its downloads.
    func periodReport(_ kind: ReportKind, page: WebPage) throws -> HTML {
        let request = try reportRequest(for: kind)
        let built = try pages.withReportCache { try ReportWiring.build(kind, request, store: store, cache: $0) }
        let period = request.period ?? request.asAt...request.asAt
        var fields: [WebForm.Field] = [
            .input(name: "from", label: "From", value: period.lowerBound.iso8601, type: "date", hint: nil),
            .input(name: "to", label: "To", value: period.upperBound.iso8601, type: "date", hint: nil),
        ]
        var names = ["asAt", "knownAt", "from", "to"]
        switch kind {
        case .visitDelivery:
            fields.append(
                .input(
                    name: "by", label: "Group by", value: (request.visitGrouping ?? .team).rawValue, type: "text",
                    hint: "team, carer or person"))
            names.append("by")
        case .access:
            fields.append(
                .input(name: "person", label: "Person id", value: request.personId ?? "", type: "text", hint: nil))
            fields.append(
                .input(
                    name: "subject", label: "Or member of staff (subject)", value: request.subject ?? "",
                    type: "text", hint: "give one of the two"))
            names += ["person", "subject"]
        default: break
        }
        let form = WebForm.filters(
            action: page.path, label: "Period and log position", fields: fields + positionFields(asAt: request.asAt))
        return form + report(built.document) + downloads(kind, names: names)
    }

    func reviewsDue() throws -> (HTML, Bool) {
        let request = try reportRequest(for: .reviewsDue)
        let (output, context) = try ReportWiring.run(ReviewsDue.self, request, store)
        let visibleTeams = output.teams.filter { session.user.sees(team: $0.team) }
        let status = query["status"].flatMap(ReviewStatus.init(rawValue:))
        if query["status"] != nil, status == nil {
            throw WebInputError.invalid("status", "one of the listed statuses")
        }
        let teamNames = Array(Set(visibleTeams.map(\.team))).sorted()
        let localities = Array(Set(visibleTeams.compactMap(\.locality))).sorted()
        let chosenTeam = query["team"] ?? session.user.teams.first
        let people = visibleTeams.filter { group in
            (chosenTeam.map { $0 == group.team } ?? true) && (query["locality"].map { $0 == group.locality } ?? true)
        }.flatMap(\.people).filter { entry in status.map { entry.status == $0 } ?? true }
        let form = WebForm.filters(
            action: WebPage.reviewsDue.path, label: "Filter the list",
            fields: [
                .select(
                    name: "status", label: "Status",
                    options: [("", "Any status")]
                        + ReviewStatus.allCases.map {
                            ($0.rawValue, $0.label)
                        }, selected: query["status"] ?? ""),
                .select(
                    name: "team", label: "Team", options: [("", "Any team")] + teamNames.map { ($0, $0) },
                    selected: chosenTeam ?? ""),
                .select(
                    name: "locality", label: "Locality", options: [("", "Any locality")] + localities.map { ($0, $0) },
                    selected: query["locality"] ?? ""),
            ] + positionFields(asAt: request.asAt), submit: "Apply filters")
        var out = "<section aria-labelledby=\"list\">\n<h2 id=\"list\">People</h2>\n"
        out += HTMLReportFragment.provenance(ReportProvenance(context: context))
        out += "<p>\(people.count) \(people.count == 1 ? "person" : "people") shown.</p>\n"
        out += "<table>\n<caption>Reviews due as at \(request.asAt.iso8601)</caption>\n<thead>\n<tr>"
        for title in ["Person", "Team", "Locality", "Status", "Duty", "Due date", "Days overdue", "Days left"] {
            let numeric = title.hasPrefix("Days")
            out += "<th scope=\"col\"\(numeric ? " class=\"num\"" : "")>\(title)</th>"
        }
        out += "</tr>\n</thead>\n<tbody>\n"
        var team: [String: ReviewsDueTeam] = [:]
        for group in visibleTeams {
            for person in group.people where team[person.personId] == nil { team[person.personId] = group }
        }
        for entry in people {
            var link = "/web/reviews-due/person?person=" + TokenExchange.formEncode(entry.personId)
            link += "&asAt=" + request.asAt.iso8601
            if let knownAt = query["knownAt"] { link += "&knownAt=" + TokenExchange.formEncode(knownAt) }
            out += "<tr><th scope=\"row\"><a href=\"\(HTML.escape(link))\">\(HTML.escape(entry.personId))</a></th>"
            out += "<td>\(HTML.escape(entry.team))</td><td>\(HTML.escape(team[entry.personId]?.locality ?? ""))</td>"
            out += "<td>\(HTML.escape(entry.status.label))</td><td>\(HTML.escape(entry.reason.label))</td>"
            out += "<td class=\"date\">\(entry.dueDate.iso8601)</td>"
            out += "<td class=\"num\">\(entry.daysOverdue.map(String.init) ?? "")</td>"
            out += "<td class=\"num\">\(entry.daysRemaining.map(String.init) ?? "")</td></tr>\n"
        }
        out += "</tbody>\n</table>\n</section>\n"
        var body = form + HTML(raw: out)
        if session.user.teams.isEmpty {
            body = body + downloads(.reviewsDue, names: ["asAt", "knownAt"])
        }
        return (body, true)
    }

    func reviewsDuePerson() throws -> (HTML, Bool) {
        guard let personId = query["person"] else {
            throw WebPageError.needs("choose a person from the reviews-due list")
        }
        let request = try reportRequest(for: .reviewsDue)
        let (output, context) = try ReportWiring.run(ReviewsDue.self, request, store)
        guard let entry = output.entry(for: personId), session.user.sees(team: entry.team) else {
            throw WebPageError.notFound("that person is not on your teams' reviews-due list at this date")
        }
        var out = HTMLReportFragment.provenance(ReportProvenance(context: context))
        out += "<h2>\(HTML.escape(entry.personId))</h2>\n<dl class=\"provenance\">\n"
        let facts: [(String, String)] = [
            ("Team", entry.team), ("Locality", entry.locality ?? "not recorded"),
            ("First service", entry.firstServiceOn.iso8601),
            ("Personal plan prepared", entry.planPreparedOn?.iso8601 ?? "not yet"),
            ("Last review", entry.lastReviewOn?.iso8601 ?? "none held"), ("Status", entry.status.label),
            ("Most urgent duty", entry.reason.label), ("Due", entry.dueDate.iso8601),
        ]
        for (term, detail) in facts { out += "<dt>\(HTML.escape(term))</dt><dd>\(HTML.escape(detail))</dd>\n" }
        out += "</dl>\n<table>\n<caption>Outstanding duties</caption>\n<thead>\n<tr>"
        out += "<th scope=\"col\">Duty</th><th scope=\"col\">Since</th><th scope=\"col\">Due date</th>"
        out += "<th scope=\"col\">Rule</th></tr>\n</thead>\n<tbody>\n"
        for obligation in entry.obligations {
            out += "<tr><th scope=\"row\">\(HTML.escape(obligation.duty.label))</th>"
            out +=
                "<td class=\"date\">\(obligation.since.iso8601)</td><td class=\"date\">\(obligation.dueDate.iso8601)</td>"
            out += "<td>\(obligation.isLocalPolicy ? "Local policy" : "Regulation")</td></tr>\n"
        }
        out +=
            "</tbody>\n</table>\n<p><a href=\"\(WebPage.reviewsDue.path)?asAt=\(request.asAt.iso8601)\">Back to the list</a></p>"
        return (HTML(raw: out), false)
    }

    func timeline() throws -> (HTML, Bool) {
        let asAt = try asAt()
        let form = WebForm.filters(
            action: WebPage.timeline.path, label: "Person and log position",
            fields: [.input(name: "person", label: "Person id", value: query["person"] ?? "", type: "text", hint: nil)]
                + positionFields(asAt: asAt))
        guard let personId = query["person"] else {
            return (form + HTML(raw: "<p class=\"notice\">Give a person id to see their timeline.</p>"), false)
        }
        guard StreamName(kind: "person", id: personId) != nil else {
            throw WebInputError.invalid("person", "a person id (letters, digits, - and _)")
        }
        let knownAt = try query.knownAt()
        let document: ReportDocument
        do { document = try AuditWiring.person(personId, knownAt: knownAt, asAt: asAt, store: store) } catch {
            guard case .invalidInput = error else { throw error }
            throw WebPageError.notFound("the log holds nothing for that person at this position")
        }
        return (form + report(document), true)
    }

    func difference() throws -> (HTML, Bool) {
        let asAt = try asAt()
        let form = WebForm.filters(
            action: WebPage.difference.path, label: "Two log positions",
            fields: [
                .input(
                    name: "person", label: "Person id", value: query["person"] ?? "", type: "text",
                    hint: "optional: only this person's record"),
                .input(
                    name: "from", label: "From position", value: query["from"] ?? "", type: "text",
                    hint: "a log sequence number or an instant"),
                .input(name: "to", label: "To position", value: query["to"] ?? "head", type: "text", hint: nil),
                .input(name: "asAt", label: "As at", value: asAt.iso8601, type: "date", hint: nil),
            ], submit: "Compare")
        guard query["from"] != nil else {
            return (form + HTML(raw: "<p class=\"notice\">Give the earlier log position to compare.</p>"), false)
        }
        var stream: StreamName?
        if let personId = query["person"] {
            guard let name = StreamName(kind: "person", id: personId) else {
                throw WebInputError.invalid("person", "a person id (letters, digits, - and _)")
            }
            stream = name
        }
        let from = try query.knownAt("from")
        let to = try query.knownAt("to")
        let diff = try ReportWiring.projection { () throws(ProjectionError) in
            try AuditDiff.run(stream: stream, between: from, and: to, store: store)
        }
        let document = AuditTimelineReport.document(diff, asAt: asAt)
        return (form + report(document), true)
    }

    func verify() throws -> HTML {
        let result: VerificationReport
        do { result = try store.verify(against: nil) } catch { throw CarelogError.from(error) }
        var out = "<dl class=\"provenance\">\n"
        let facts: [(String, String)] = [
            (
                "Result",
                result.isValid ? "Valid: the chain checks out" : "Not valid: \(result.problems.count) problem(s)"
            ),
            ("Events checked", String(result.eventsChecked)), ("Head sequence", String(result.head.sequence)),
            ("Head hash", result.head.headHash.hex), ("Store ID", result.head.storeID),
        ]
        for (term, detail) in facts { out += "<dt>\(HTML.escape(term))</dt><dd>\(HTML.escape(detail))</dd>\n" }
        out += "</dl>\n"
        if !result.problems.isEmpty {
            out += "<h2>Problems</h2>\n<ul>\n"
            for problem in result.problems { out += "<li>\(HTML.escape(problem.description))</li>\n" }
            out += "</ul>\n"
        }
        return HTML(raw: out)
    }

    func extracts() throws -> (HTML, Bool) {
        var request = try reportRequest(for: .notifications)
        let period = request.period ?? request.asAt...request.asAt
        let form = WebForm.filters(
            action: WebPage.extracts.path, label: "Period and log position",
            fields: [
                .input(name: "from", label: "From", value: period.lowerBound.iso8601, type: "date", hint: nil),
                .input(name: "to", label: "To", value: period.upperBound.iso8601, type: "date", hint: nil),
            ] + positionFields(asAt: request.asAt))
        let rendered = try ReportWiring.notificationExtract(request, store: store)
        let check = rendered.manifest.check(extract: Array(rendered.text.utf8))
        request.format = .html
        guard let naming = request.naming else { throw WebPageError.needs("no pseudonym key") }
        let (extract, context) = try ReportWiring.projection { () throws(ProjectionError) in
            try NotificationExtract.run(parameters: ReportWiring.parameters(request), store: store, naming: naming)
        }
        let manifest = rendered.manifest
        var out = "<section aria-labelledby=\"manifest\">\n<h2 id=\"manifest\">Manifest and check</h2>\n"
        out += "<dl class=\"provenance\">\n"
        let facts: [(String, String)] = [
            ("Check", check == .matches ? "Matches: the extract's SHA-256 is the manifest's" : "Does not match"),
            ("Extract", manifest.extractKind), ("Format", manifest.format), ("SHA-256", manifest.sha256),
            ("Bytes", String(manifest.byteCount)), ("Log sequence", String(manifest.checkpoint.sequence)),
            ("Head hash", manifest.checkpoint.headHash.hex), ("Known at (as asked)", manifest.knownAt),
            ("Rules", manifest.rules),
        ]
        for (term, detail) in facts { out += "<dt>\(HTML.escape(term))</dt><dd>\(HTML.escape(detail))</dd>\n" }
        out += "</dl>\n</section>\n"
        let document = NotificationExtractReport.document(extract, context: context)
        return (
            form + HTML(raw: out) + report(document)
                + downloads(.notifications, names: ["asAt", "knownAt", "from", "to"], manifest: true), true
        )
    }
}
