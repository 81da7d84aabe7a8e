import CareCalendar
import CareRecord
import CarelogOperations
import CarelogService
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
        case .compliance, .complaints, .complianceTrend:
            request.period = try period(asAt: asAt)
            request.scope = try scope()
        case .visitDelivery:
            request.period = try period(asAt: asAt)
            request.scope = try scope()
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

    /// A period report's scope (``PageAccess/reportScope(_:user:)``: what the policy decided),
    /// nil for the partnership; a team or locality must be an identifier.
    func scope() throws(WebInputError) -> AccessScope? {
        for name in ["team", "locality"] {
            if let value = query[name], StreamName(kind: "team", id: value) == nil {
                throw .invalid(name, "an identifier (letters, digits and . _ : -)")
            }
        }
        let scope = PageAccess.reportScope(query, user: session.user)
        return scope.kind == .partnership ? nil : scope
    }

    /// The team and locality filters of a period report: what it is limited to.
    func scopeFields(_ request: ReportRequest) -> [WebForm.Field] {
        let team = request.scope?.kind == .team ? request.scope?.id : nil
        let locality = request.scope?.kind == .service ? request.scope?.id : nil
        return [
            .input(name: "team", label: "Team", value: team ?? "", type: "text", hint: "empty: every team"),
            .input(
                name: "locality", label: "Or locality", value: locality ?? "", type: "text",
                hint: "the teams of one service"),
        ]
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
        if !session.user.localities.isEmpty {
            out += "<p>Your lists show the localities: "
            out += "\(HTML.escape(session.user.localities.joined(separator: ", "))).</p>\n"
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
            ] + scopeFields(request) + positionFields(asAt: request.asAt))
        return form + report(document)
            + downloads(.compliance, names: ["asAt", "knownAt", "from", "to", "team", "locality"])
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
        if kind != .access {
            fields += scopeFields(request)
            names += ["team", "locality"]
        }
        let form = WebForm.filters(
            action: page.path, label: "Period and log position", fields: fields + positionFields(asAt: request.asAt))
        return form + report(built.document) + downloads(kind, names: names)
    }

    func reviewsDue() throws -> (HTML, Bool) {
        let request = try reportRequest(for: .reviewsDue)
        let (output, context) = try ReportWiring.run(ReviewsDue.self, request, store)
        let user = session.user
        let visibleTeams = output.teams.filter { user.sees(team: $0.team, locality: $0.locality) }
        let status = query["status"].flatMap(ReviewStatus.init(rawValue:))
        if query["status"] != nil, status == nil {
            throw WebInputError.invalid("status", "one of the listed statuses")
        }
        let teamNames = Array(Set(visibleTeams.map(\.team))).sorted()
        let localities = Array(Set(visibleTeams.compactMap(\.locality))).sorted()
        let chosenTeam = query["team"] ?? user.teams.first
        // A subject scoped to localities alone reads one locality at a time (the access decision's scope).
        let chosenLocality = query["locality"] ?? (user.isLocalityScoped ? user.localities.first : nil)
        let people = visibleTeams.filter { group in
            (chosenTeam.map { $0 == group.team } ?? true) && (chosenLocality.map { $0 == group.locality } ?? true)
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
                    name: "locality", label: "Locality",
                    options: (user.isLocalityScoped ? [] : [("", "Any locality")]) + localities.map { ($0, $0) },
                    selected: chosenLocality ?? ""),
            ] + positionFields(asAt: request.asAt), submit: "Apply filters")
        let pages = max(1, (people.count + Self.reviewsDuePageSize - 1) / Self.reviewsDuePageSize)
        var page = 1
        if let text = query["page"] {
            guard let number = Int(text), (1...pages).contains(number) else {
                throw WebInputError.invalid("page", "a page number from 1 to \(pages)")
            }
            page = number
        }
        let first = (page - 1) * Self.reviewsDuePageSize
        let shown = people[first..<min(people.count, first + Self.reviewsDuePageSize)]
        var out = "<section aria-labelledby=\"list\">\n<h2 id=\"list\">People</h2>\n"
        out += HTMLReportFragment.provenance(ReportProvenance(context: context))
        if pages == 1 {
            out += "<p>\(people.count) \(people.count == 1 ? "person" : "people") shown.</p>\n"
        } else {
            out += "<p>\(people.count) people: \(first + 1) to \(first + shown.count) shown "
            out += "(page \(page) of \(pages), \(Self.reviewsDuePageSize) a page).</p>\n"
        }
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
        for entry in shown {
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
        out += "</tbody>\n</table>\n"
        if pages > 1 { out += pageLinks(.reviewsDue, page: page, of: pages) }
        out += "</section>\n"
        var body = form + HTML(raw: out)
        if !user.isScoped {
            body = body + downloads(.reviewsDue, names: ["asAt", "knownAt"])
        }
        return (body, true)
    }

    /// Rows of the reviews-due list on one page (a partnership of 10,000 people made a 1.6 MB
    /// page; the downloads hold the whole list).
    static let reviewsDuePageSize = 200

    /// Links to the previous and next page of a long list, keeping every other parameter.
    private func pageLinks(_ target: WebPage, page: Int, of pages: Int) -> String {
        func link(_ number: Int) -> String {
            var fields = query.fields
            fields["page"] = number == 1 ? nil : String(number)
            let pairs = fields.sorted { $0.key < $1.key }.map {
                TokenExchange.formEncode($0.key) + "=" + TokenExchange.formEncode($0.value)
            }
            return HTML.escape(target.path + (pairs.isEmpty ? "" : "?" + pairs.joined(separator: "&")))
        }
        var out = "<nav class=\"pages\" aria-label=\"Pages of the list\"><p>"
        if page > 1 { out += "<a rel=\"prev\" href=\"\(link(page - 1))\">Previous page</a> " }
        out += "Page \(page) of \(pages)"
        if page < pages { out += " <a rel=\"next\" href=\"\(link(page + 1))\">Next page</a>" }
        return out + "</p></nav>\n"
    }

    func reviewsDuePerson() throws -> (HTML, Bool) {
        guard let personId = query["person"] else {
            throw WebPageError.needs("choose a person from the reviews-due list")
        }
        let request = try reportRequest(for: .reviewsDue)
        let (output, context) = try ReportWiring.run(ReviewsDue.self, request, store)
        guard let entry = output.entry(for: personId), session.user.sees(team: entry.team, locality: entry.locality)
        else {
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
        do {
            document = try AuditWiring.person(
                personId, knownAt: knownAt, asAt: asAt, store: store,
                index: pages.reportCache?.unlent?.personStreamIndex)
        } catch {
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

    /// The verification page: what this visit checked (the chain after the latest position found
    /// sound, or a full check when there is none), the last full check, and a form to run a full
    /// check now. It never claims more than was checked: a chain check names the sequences it
    /// re-hashed and what it left to the full check.
    func verify() throws -> HTML {
        let outcome: LogVerification.Outcome
        do { outcome = try pages.verification.check(store: store, now: pages.clock()) } catch {
            throw CarelogError.from(error)
        }
        let history = try SignedCheckpointHistory.read(store: store, storePath: pages.storePath)
        return Self.verification(outcome, csrfToken: session.csrfToken) + Self.checkpointHistory(history)
    }

    /// The checkpoints the store has signed, oldest first, each with its signature and whether
    /// the tree still has its root (a "No" means an event at or before it was changed since).
    static func checkpointHistory(_ history: SignedCheckpointHistory) -> HTML {
        var out = "<section aria-labelledby=\"signed\">\n<h2 id=\"signed\">Signed checkpoints</h2>\n"
        guard !history.entries.isEmpty else {
            out += "<p>No checkpoint has been signed for this store yet (<code>carelog checkpoint --sign</code>).</p>\n"
            return HTML(raw: out + "</section>\n")
        }
        out += "<p>Every checkpoint signed for this store, oldest first, checked now against the log's key and "
        out += "its Merkle tree. A checkpoint the tree no longer agrees with means an event at or before its "
        out += "tree size was changed or removed after it was signed.</p>\n"
        out +=
            "<table>\n<caption>Signed checkpoints</caption>\n<thead><tr><th scope=\"col\" class=\"num\">Tree size</th>"
        out += "<th scope=\"col\">Root hash</th><th scope=\"col\">Signed by the log's key</th>"
        out += "<th scope=\"col\">The tree agrees now</th></tr></thead>\n<tbody>\n"
        for entry in history.entries {
            let agrees: String
            switch entry.agreesWithTree {
            case true?: agrees = "Yes"
            case false?: agrees = "No: an event at or before it was changed or removed"
            case nil: agrees = "Not known: the tree does not reach this size"
            }
            out += "<tr><td class=\"num\">\(entry.size)</td><td><code>\(HTML.escape(entry.rootHash))</code></td>"
            out += "<td>\(entry.signedByLogKey ? "Yes" : "No: not by this store's key")</td><td>\(agrees)</td></tr>\n"
        }
        return HTML(raw: out + "</tbody>\n</table>\n</section>\n")
    }

    static func verification(_ outcome: LogVerification.Outcome, csrfToken: String) -> HTML {
        var out = "<section aria-labelledby=\"now\">\n<h2 id=\"now\">Checked for this page</h2>\n"
        switch outcome {
        case .full(let full, let discarded):
            if let discarded {
                let at = discarded.checkpoint.sequence
                out += "<p class=\"notice\">The store's cache held a position found sound at sequence \(at) "
                out += "(\(HTML.escape(discarded.foundAt.iso8601))), but the log does not hold the hash saved there"
                out += " now: either the cache belongs to another copy of the store, or the log was changed up to "
                out += "that sequence since. It was not used: the whole log was checked instead. Compare the head "
                out += "below with a signed checkpoint or a witness's cosignature to tell which.</p>\n"
            }
            out += definitionList(fullCheckFacts(full, now: true)) + problemList(full.report.problems)
        case .chain(let chain, let since, let restored):
            let from = since.checkpoint.sequence
            let found =
                "found sound at \(since.foundAt.iso8601) by "
                + (since.byFullCheck ? "a full check" : "re-hashing the chain after an earlier sound position")
            let what: String
            if chain.head.sequence == from {
                what =
                    "No event has been appended since sequence \(from), whose hash chain was \(found); the stored "
                    + "hash at sequence \(from) was compared with the one found then."
            } else {
                what =
                    "The hash chain of the events after sequence \(from) (sequences \(from + 1) to "
                    + "\(chain.head.sequence)): each event's hash re-computed from its bytes and the hash before "
                    + "it, starting from the hash at sequence \(from) \(found) (the stored hash there was "
                    + "compared with it); sequence numbers and recording order."
            }
            var facts: [(String, String)] = [
                (
                    "Result",
                    chain.isValid
                        ? "Valid: the chain from sequence \(from) to \(chain.head.sequence) checks out"
                        : "Not valid: \(chain.problems.count) problem(s)"
                ),
                ("What was checked", what),
                (
                    "Not checked now",
                    "The events up to sequence \(from) were not read again, and the stream and type indexes and "
                        + "idempotency records were not checked: the last full check (below) covers them as they "
                        + "stood at its time. Run a full check to check them now."
                ),
            ]
            if restored {
                facts.append(
                    (
                        "Where the position came from",
                        "The store's cache, where a check saved it (before the service last started, the "
                            + "service's own first full check, or a full check through the API or the command "
                            + "line). The cache is not evidence: anyone who can write the store's "
                            + "files can write it. It was used only because the log still holds, at sequence "
                            + "\(from), the hash saved with it; a full check re-checks everything."
                    ))
            }
            facts += [
                ("Events re-hashed", String(chain.eventsChecked)),
                ("From sequence", String(from)), ("Hash at that sequence", since.checkpoint.headHash.hex),
                ("Head sequence", String(chain.head.sequence)), ("Head hash", chain.head.headHash.hex),
                ("Store ID", chain.head.storeID),
            ]
            out += definitionList(facts) + problemList(chain.problems)
            out += "</section>\n<section aria-labelledby=\"full\">\n<h2 id=\"full\">Last full check</h2>\n"
            out += definitionList(
                fullCheckFacts(
                    valid: true, eventsChecked: since.fullCheckEvents, head: since.fullCheckHead,
                    at: since.fullCheckAt, now: false))
        }
        out += "</section>\n<section aria-labelledby=\"run\">\n<h2 id=\"run\">Run a full check</h2>\n"
        out += "<p>A full check re-hashes every event of the log and checks the sequence numbers, the stream "
        out += "and type indexes and the idempotency records (about two seconds a million events).</p>\n"
        out += "<form method=\"post\" action=\"\(WebPage.verify.path)\">"
        out += "<input type=\"hidden\" name=\"csrf\" value=\"\(HTML.escape(csrfToken))\">"
        out += "<button type=\"submit\">Run a full check now</button></form>\n</section>\n"
        return HTML(raw: out)
    }

    private static func fullCheckFacts(_ full: LogVerification.FullCheck, now: Bool) -> [(String, String)] {
        fullCheckFacts(
            valid: full.report.isValid, problems: full.report.problems.count, eventsChecked: full.report.eventsChecked,
            head: full.report.head, at: full.at, now: now)
    }

    private static func fullCheckFacts(
        valid: Bool, problems: Int = 0, eventsChecked: UInt64, head: Checkpoint, at: Timestamp, now: Bool
    ) -> [(String, String)] {
        [
            ("Result", valid ? "Valid: the chain checks out" : "Not valid: \(problems) problem(s)"),
            (
                "What was checked",
                "The whole log\(now ? ", for this page" : ""): every event's hash re-computed from its bytes "
                    + "and the hash before it, sequence numbers and recording order, the stream and type indexes "
                    + "and the idempotency records, of sequences 1 to \(head.sequence)."
            ),
            ("Checked at", at.iso8601), ("Events checked", String(eventsChecked)),
            ("Head sequence", String(head.sequence)), ("Head hash", head.headHash.hex),
            ("Store ID", head.storeID),
        ]
    }

    private static func problemList(_ problems: [VerificationReport.Problem]) -> String {
        guard !problems.isEmpty else { return "" }
        var out = "<h3>Problems</h3>\n<ul>\n"
        for problem in problems { out += "<li>\(HTML.escape(problem.description))</li>\n" }
        return out + "</ul>\n"
    }

    private static func definitionList(_ facts: [(String, String)]) -> String {
        var out = "<dl class=\"provenance\">\n"
        for (term, detail) in facts { out += "<dt>\(HTML.escape(term))</dt><dd>\(HTML.escape(detail))</dd>\n" }
        return out + "</dl>\n"
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
