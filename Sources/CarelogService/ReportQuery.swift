import CareCalendar
import CareRecord
import CarelogOperations
import EventLog
import Hummingbird
import Projections
import Reports

/// The query parameters of the read routes, named as the command line's options in camel case
/// (`asAt`, `knownAt`, `from`, `to`, `quarter`, `programme`, `format`, `recipient`,
/// `manifest`), checked by the same rules. Messages name the parameter, never its value.
struct ReportQuery: Sendable {
    /// `asAt`: the reporting date (default: today in UK time, by the service's clock).
    var asAt: CareDate
    /// `knownAt`: the log point (default: head).
    var knownAt: KnownAt
    /// `from`, `to`: the period bounds, when given.
    var from: CareDate?
    var to: CareDate?
    /// `quarter` (RAG), when given.
    var quarter: Quarter?
    /// `programme` (RAG), when given.
    var programme: String?
    /// `format` (default json).
    var format: ReportFormat
    /// `recipient` (extracts; default care-inspectorate).
    var recipient: String
    /// `manifest=true`: answer with the manifest instead of the report.
    var manifestOnly: Bool
    /// `person`, `subject` (the access report): whose record, or whose reads.
    var person: String?
    var subject: String?
    /// `by` (visit delivery): `team`, `carer` or `person` (default team).
    var visitGrouping: VisitDeliveryGrouping?
    /// `team` or `service` (reports): the report limited to one team, or to the teams of one
    /// service (locality); nil for the whole partnership.
    var scope: AccessScope?

    /// Reads the parameters of `request`; `today` is the default reporting date.
    init(_ request: Request, today: CareDate) throws(ServiceProblem) {
        let query = request.uri.queryParameters
        func text(_ name: String) -> String? { query.get(name) }
        func date(_ name: String) throws(ServiceProblem) -> CareDate? {
            guard let value = text(name) else { return nil }
            guard let date = CareDate(iso8601: value) else {
                throw .badRequest("\(name) must be a date written YYYY-MM-DD")
            }
            return date
        }
        asAt = try date("asAt") ?? today
        from = try date("from")
        to = try date("to")
        if let value = text("knownAt") {
            guard let point = KnownAt(text: value) else {
                throw .badRequest("knownAt must be a sequence number, an ISO 8601 instant, a date or head")
            }
            knownAt = point
        } else {
            knownAt = .head
        }
        if let value = text("quarter") {
            guard let parsed = Quarter(value) else {
                throw .badRequest("quarter must be written YYYY-Qn, e.g. 2020-Q1")
            }
            quarter = parsed
        }
        programme = text("programme")
        if let value = text("format") {
            guard let parsed = ReportFormat(parsing: value) else {
                throw .badRequest("format must be markdown, csv, json, html or docx")
            }
            format = parsed
        } else {
            format = .json
        }
        recipient = text("recipient") ?? PseudonymKeyFile.defaultRecipient
        person = text("person")
        subject = text("subject")
        if let value = text("by") {
            guard let parsed = VisitDeliveryGrouping(rawValue: value) else {
                throw .badRequest("by must be team, carer or person")
            }
            visitGrouping = parsed
        }
        switch (text("team"), text("service")) {
        case (nil, nil): scope = nil
        case (let team?, nil):
            guard StreamName(kind: "team", id: team) != nil else {
                throw .badRequest("team must be an identifier (letters, digits and . _ : -)")
            }
            scope = .team(team)
        case (nil, let service?):
            guard StreamName(kind: "team", id: service) != nil else {
                throw .badRequest("service must be an identifier (letters, digits and . _ : -)")
            }
            scope = .service(service)
        case (_?, _?): throw .badRequest("give team or service, not both")
        }
        switch text("manifest") {
        case nil, "false": manifestOnly = false
        case "true": manifestOnly = true
        default: throw .badRequest("manifest must be true or false")
        }
    }

    /// The period, by the command line's rule (``CarelogOperations/ReportPeriod``).
    func period() throws -> ClosedRange<CareDate> { try ReportPeriod.period(from: from, to: to, asAt: asAt) }

    /// The request for `kind`, as the matching command builds it.
    func reportRequest(_ kind: ReportKind, naming: SubjectNaming? = nil) throws -> ReportRequest {
        var request = try unscopedRequest(kind, naming: naming)
        request.scope = scope
        return request
    }

    private func unscopedRequest(_ kind: ReportKind, naming: SubjectNaming?) throws -> ReportRequest {
        switch kind {
        case .reviewsDue:
            return ReportRequest(asAt: asAt, knownAt: knownAt, format: format)
        case .compliance, .complaints, .complianceTrend:
            return ReportRequest(asAt: asAt, knownAt: knownAt, period: try period(), format: format)
        case .visitDelivery:
            return ReportRequest(
                asAt: asAt, knownAt: knownAt, period: try period(), format: format, visitGrouping: visitGrouping)
        case .improvementRAG:
            let chosen = try ReportPeriod.quarter(quarter ?? Quarter.containing(asAt), asAt: asAt)
            return ReportRequest(asAt: asAt, knownAt: knownAt, programme: programme, quarter: chosen, format: format)
        case .notifications:
            return ReportRequest(asAt: asAt, knownAt: knownAt, period: try period(), naming: naming, format: format)
        case .access:
            if let from, let to, from > to { throw CarelogError.usage("--from must not be after --to") }
            let start = from ?? asAt
            var request = ReportRequest(
                asAt: asAt, knownAt: knownAt, period: start...max(start, to ?? asAt), format: format)
            request.personId = person
            request.subject = subject
            return request
        }
    }

    /// The parameters as recorded with a read, by name (what was asked; no person data).
    var recorded: [String: String] {
        var out = ["asAt": asAt.iso8601, "knownAt": knownAt.description, "format": format.rawValue]
        if let from { out["from"] = from.iso8601 }
        if let to { out["to"] = to.iso8601 }
        if let quarter { out["quarter"] = quarter.description }
        if let programme { out["programme"] = programme }
        if let visitGrouping { out["by"] = visitGrouping.rawValue }
        if let scope, let id = scope.id { out[scope.kind.rawValue] = id }
        return out
    }
}
