import CareCalendar
import CareRecord
import EventLog
import Foundation
import Projections
import Reports

/// Where the `report` and `extract` commands meet the projections and renderers: one function
/// per report, each running its projection at the request's log cut and rendering the result
/// in `request.format`, with the manifest that binds it to the position read.
package enum ReportWiring {
    /// Runs the report or extract `kind` (what `verify-extract` re-runs from a manifest).
    package static func run(_ kind: ReportKind, _ request: ReportRequest, store: any EventStore) throws
        -> RenderedReport
    {
        if kind == .notifications { return try notificationExtract(request, store: store) }
        return try report(kind, request, store: store)
    }

    /// A report's document, the context it was read at, and the manifest options that let
    /// `verify-extract` replay it: what every report door lays out (the CLI and the API render
    /// it; the web pages show it and offer its downloads).
    package struct Built {
        /// The renderer-neutral report.
        package var document: ReportDocument
        /// The log cut and rules it was read at.
        package var context: ProjectionContext
        /// `name=value` options recorded in the manifest.
        package var options: [String] = []
    }

    /// Builds the report `kind` (every kind but the notification extract, which needs its
    /// recipient's naming and manifest; see ``notificationExtract(_:store:)``) at the request's
    /// log cut. With `cache`, the compliance folds (compliance, complaints, the trend's months, the
    /// RAG table's indicators) and visit delivery resume from projection checkpoints (same output).
    package static func build(
        _ kind: ReportKind, _ request: ReportRequest, store: any EventStore, cache: (any FoldStateCache)? = nil
    ) throws -> Built {
        try checkKnownAt(request.knownAt, store: store)
        guard let teams = try scopeTeams(kind, request, store: store) else {
            return try buildPartnershipWide(kind, request, store: store, cache: cache)
        }
        // A team or service: the same fold, limited to the scope's teams (Docs/reports.md, "Limited to a team
        // or service").
        var built: Built
        switch kind {
        case .reviewsDue:
            let (output, context) = try run(ReviewsDue.self, request, store)
            built = Built(
                document: ReviewsDueReport.document(output.limited(toTeams: teams), context: context), context: context)
        case .compliance:
            let (output, context) = try complianceOutput(request, store: store, cache: cache)
            built = Built(
                document: ComplianceReport.document(output.limited(toTeams: teams), context: context), context: context)
        case .complaints:
            let (output, context) = try complianceOutput(request, store: store, cache: cache)
            built = Built(
                document: ComplaintsReport.document(output.limited(toTeams: teams), context: context), context: context)
        case .complianceTrend:
            // Each month's fold resumes from the same checkpoint as the partnership's trend.
            let (output, context) = try complianceTrendOutput(request, store: store, cache: cache)
            built = Built(
                document: ComplianceTrendReport.document(output.limited(toTeams: teams), context: context),
                context: context)
        default:
            // One fold (one saved state) for every scope: its output keeps the visits it counts.
            let grouping = request.visitGrouping ?? .team
            let (output, context) = try resumable(VisitDelivery.self, request, store: store, cache: cache)
            built = Built(
                document: VisitDeliveryReport.document(output.limited(toTeams: teams), by: grouping, context: context),
                context: context, options: ["by=\(grouping.rawValue)"])
        }
        if let scope = request.scope, let id = scope.id {
            built.document.title += " — \(scope.kind.rawValue) \(id)"
            built.options.append("\(scope.kind.rawValue)=\(id)")
        }
        return built
    }

    /// The reports a team or service scope can limit: each person's lines, and each team's
    /// figures, are attributed to a team as the partnership's report attributes them (a person
    /// to their latest `ServiceStarted`, a visit to its own team or its person's team when it
    /// was scheduled, staff to their team), so a scope keeps the lines and sums of its teams.
    /// The RAG table is the partnership's improvement programme and stays partnership-wide
    /// (`Docs/reports.md`, "Limited to a team or service").
    package static let scopableKinds: Set<ReportKind> = [
        .reviewsDue, .compliance, .complaints, .complianceTrend, .visitDelivery,
    ]

    /// The teams `request.scope` covers, or nil for the whole partnership: a team scope is its
    /// team; a service scope, the teams that a `ServiceStarted` known at the request's log cut,
    /// starting on or before the reporting date, places in that locality — as corrected at that
    /// cut (a voided start places no team; a corrected one, the team and locality it now names).
    static func scopeTeams(_ kind: ReportKind, _ request: ReportRequest, store: any EventStore) throws -> Set<String>? {
        guard let scope = request.scope, scope.kind != .partnership else { return nil }
        guard scopableKinds.contains(kind) else {
            throw CarelogError.usage(partnershipWideMessage(kind))
        }
        guard let id = scope.id else { throw CarelogError.usage("a team or service scope needs its id") }
        if scope.kind == .team { return [id] }
        var teams: Set<String> = []
        do {
            let cut = try ProjectionRunner.cut(knownAt: request.knownAt, in: store)
            let selection = EventSelection.types([ServiceStarted.eventType]).known(at: cut.knownAt)
            try store.read(selection) { recorded in
                let resolved: CareEvent?
                switch cut.corrections.resolution(of: recorded.sequence) {
                case nil: resolved = try CareEventCodec.decode(recorded)
                case .voided: resolved = nil
                case .replaced(let replacement): resolved = replacement
                }
                if case .serviceStarted(let started)? = resolved, started.locality == id,
                    started.firstServiceOn <= request.asAt
                {
                    teams.insert(started.team)
                }
            }
        } catch {
            throw CarelogError.storeOrIO("cannot read the services of locality \(id) from the store")
        }
        return teams
    }

    /// Why `kind` cannot be limited to a team or service (the command line's usage error and the
    /// API's 400), naming the reports that can.
    package static func partnershipWideMessage(_ kind: ReportKind) -> String {
        let why = kind == .improvementRAG ? " (it rates the partnership's improvement programme)" : ""
        return "the \(kind.rawValue) report is partnership-wide\(why): it cannot be limited to a team or service; "
            + "the reports that can are " + scopableKinds.map(\.rawValue).sorted().joined(separator: ", ")
    }

    /// ``build(_:_:store:cache:)`` over the whole partnership.
    private static func buildPartnershipWide(
        _ kind: ReportKind, _ request: ReportRequest, store: any EventStore, cache: (any FoldStateCache)?
    ) throws -> Built {
        switch kind {
        case .reviewsDue:
            let (output, context) = try run(ReviewsDue.self, request, store)
            return Built(document: ReviewsDueReport.document(output, context: context), context: context)
        case .compliance:
            let (output, context) = try complianceOutput(request, store: store, cache: cache)
            return Built(document: ComplianceReport.document(output, context: context), context: context)
        case .complaints:
            let (output, context) = try complianceOutput(request, store: store, cache: cache)
            return Built(document: ComplaintsReport.document(output, context: context), context: context)
        case .complianceTrend:
            let (output, context) = try complianceTrendOutput(request, store: store, cache: cache)
            return Built(document: ComplianceTrendReport.document(output, context: context), context: context)
        case .improvementRAG:
            let (table, context) = try ragTable(request, store: store, cache: cache)
            return Built(
                document: ImprovementRAGReport.document(table, context: context), context: context,
                options: ["programme=\(table.programmeId)", "quarter=\(table.quarter)"])
        case .visitDelivery:
            let grouping = request.visitGrouping ?? .team
            let (output, context) = try resumable(VisitDelivery.self, request, store: store, cache: cache)
            return Built(
                document: VisitDeliveryReport.document(output, by: grouping, context: context), context: context,
                options: ["by=\(grouping.rawValue)"])
        case .access:
            let filter: AccessLog.Filter
            let option: String
            switch (request.personId, request.subject) {
            case (let person?, nil):
                filter = .person(person)
                option = "person=" + person
            case (nil, let subject?):
                filter = .subject(subject)
                option = "subject=" + subject
            default:
                throw CarelogError.usage("the access report needs exactly one of --person and --subject")
            }
            let (log, context) = try projection { () throws(ProjectionError) in
                try AccessLog.run(filter: filter, parameters: parameters(request), store: store)
            }
            return Built(document: AccessReport.document(log, context: context), context: context, options: [option])
        case .notifications:
            throw CarelogError.usage("the notification extract is made with its recipient's key, not as a report")
        }
    }

    /// Builds and renders the report `kind` (not the notification extract) with its manifest.
    package static func report(
        _ kind: ReportKind, _ request: ReportRequest, store: any EventStore, cache: (any FoldStateCache)? = nil
    ) throws -> RenderedReport {
        let built = try build(kind, request, store: store, cache: cache)
        return rendered(built.document, kind, request, built.context, options: built.options)
    }

    /// `carelog report access`: the recorded reads of `request.personId`'s record, or by
    /// `request.subject`, in `request.period` (default: the as-at day), with refusals and
    /// break-glass reads flagged.
    package static func accessReport(_ request: ReportRequest, store: any EventStore) throws -> RenderedReport {
        try report(.access, request, store: store)
    }

    /// `carelog report compliance-trend`: whole-service compliance for each calendar month of
    /// `request.period`, folded in one pass over the log. With `cache`, each month's fold resumes
    /// from its projection checkpoint.
    package static func complianceTrend(
        _ request: ReportRequest, store: any EventStore, cache: (any FoldStateCache)? = nil
    ) throws -> RenderedReport {
        try report(.complianceTrend, request, store: store, cache: cache)
    }

    /// `carelog report complaints`: each complaint with a time limit that fell due in
    /// `request.period`, its deadlines and whether each was met (the compliance projection's
    /// complaint deadlines). With `cache`, the fold resumes from a projection checkpoint.
    package static func complaints(
        _ request: ReportRequest, store: any EventStore, cache: (any FoldStateCache)? = nil
    ) throws -> RenderedReport {
        try report(.complaints, request, store: store, cache: cache)
    }

    /// `carelog report visit-delivery`: planned against delivered visits for `request.period`,
    /// grouped by `request.visitGrouping` (default: team); the grouping is the manifest option `by`.
    /// With `cache`, the fold resumes from a projection checkpoint.
    package static func visitDelivery(
        _ request: ReportRequest, store: any EventStore, cache: (any FoldStateCache)? = nil
    ) throws -> RenderedReport {
        try report(.visitDelivery, request, store: store, cache: cache)
    }

    /// `carelog report review-due`: the reviews-due projection, grouped by team.
    package static func reviewsDue(_ request: ReportRequest, store: any EventStore) throws -> RenderedReport {
        try report(.reviewsDue, request, store: store)
    }

    /// `carelog report compliance`: the compliance projection for `request.period`.
    /// With `cache`, the fold resumes from a projection checkpoint where one is valid (same output).
    package static func compliance(
        _ request: ReportRequest, store: any EventStore, cache: (any FoldStateCache)? = nil
    ) throws -> RenderedReport {
        try report(.compliance, request, store: store, cache: cache)
    }

    /// `carelog report rag`: the improvement-programme RAG table for `request.programme` (nil:
    /// the only programme in the store) and `request.quarter` (nil: the quarter containing `asAt`).
    /// Activities with an indicator are rated from the compliance figures at the same log cut.
    /// With `cache`, the compliance folds behind the indicators resume from projection checkpoints.
    package static func improvementRAG(
        _ request: ReportRequest, store: any EventStore, cache: (any FoldStateCache)? = nil
    ) throws -> RenderedReport {
        try report(.improvementRAG, request, store: store, cache: cache)
    }

    /// The compliance fold for `request.period`, resumed from a projection checkpoint with `cache`.
    static func complianceOutput(_ request: ReportRequest, store: any EventStore, cache: (any FoldStateCache)?)
        throws -> (ComplianceOutput, ProjectionContext)
    {
        try resumable(Compliance.self, request, store: store, cache: cache)
    }

    /// The resumable projection `P` for `request`: resumed from a projection checkpoint with
    /// `cache`, a full rebuild without.
    static func resumable<P: ResumableProjection>(
        _ type: P.Type, _ request: ReportRequest, store: any EventStore, cache: (any FoldStateCache)?
    ) throws -> (P.Output, ProjectionContext) {
        guard let cache else { return try run(type, request, store) }
        return try projection { () throws(ProjectionError) in
            try ProjectionRunner.run(
                type, parameters: parameters(request),
                cut: ProjectionRunner.cut(knownAt: request.knownAt, in: store), store: store, cache: cache)
        }
    }

    /// The compliance trend for `request.period`, each month's fold resumed from its projection
    /// checkpoint with `cache`.
    static func complianceTrendOutput(
        _ request: ReportRequest, store: any EventStore, cache: (any FoldStateCache)?
    ) throws -> (ComplianceTrendOutput, ProjectionContext) {
        try ReportPeriod.checkTrend(parameters(request).period)
        guard let cache else { return try run(ComplianceTrend.self, request, store) }
        return try projection { () throws(ProjectionError) in
            try ComplianceTrend.run(
                parameters: parameters(request), cut: ProjectionRunner.cut(knownAt: request.knownAt, in: store),
                store: store, cache: cache)
        }
    }

    /// `carelog extract notifications`: the Care Inspectorate notification extract for
    /// `request.period`, and the manifest that binds it to the log (checkpoint, parameters, SHA-256).
    package static func notificationExtract(_ request: ReportRequest, store: any EventStore) throws -> RenderedReport {
        try notificationExtractWithRows(request, store: store).rendered
    }

    /// ``notificationExtract(_:store:)`` and the extract it rendered, whose rows name the events
    /// each draws on (what an extract bundle proves): one fold of the log for both.
    package static func notificationExtractWithRows(
        _ request: ReportRequest, store: any EventStore
    ) throws -> (rendered: RenderedReport, extract: NotificationExtract) {
        try checkKnownAt(request.knownAt, store: store)
        guard let naming = request.naming else {
            throw CarelogError.usage("the notification extract needs a recipient's pseudonym key")
        }
        let (extract, context) = try projection { () throws(ProjectionError) in
            try NotificationExtract.run(parameters: parameters(request), store: store, naming: naming)
        }
        let bytes = renderBytes(NotificationExtractReport.document(extract, context: context), request)
        let manifest = ExtractManifest(
            notificationExtract: extract, bytes: bytes, format: request.format.rawValue, context: context)
        return (RenderedReport(bytes: bytes, manifest: manifest, isBinary: request.format.isBinary), extract)
    }

    /// What `carelog demo` prints after generating: the improvement RAG table for the last
    /// quarter, the reviews-due summary and the whole-service compliance figures (the first
    /// section of each report), in `request.format`.
    package static func demoSummary(store: any EventStore, request: ReportRequest) throws -> String {
        let (table, ragContext) = try ragTable(request, store: store)
        let (reviews, reviewsContext) = try run(ReviewsDue.self, request, store)
        let (compliance, complianceContext) = try run(Compliance.self, request, store)
        var reviewsSummary = ReviewsDueReport.document(reviews, context: reviewsContext)
        reviewsSummary.sections = Array(reviewsSummary.sections.prefix(1))
        var serviceCompliance = ComplianceReport.document(compliance, context: complianceContext)
        serviceCompliance.sections = Array(serviceCompliance.sections.prefix(1))
        return [ImprovementRAGReport.document(table, context: ragContext), reviewsSummary, serviceCompliance]
            .map { render($0, request) }
            .joined(separator: "\n")
    }

    // MARK: Shared

    /// Refuses a `--known-at` sequence past the head of the log (usage error), rather than
    /// quietly reading the head.
    package static func checkKnownAt(_ knownAt: KnownAt, store: any EventStore) throws(CarelogError) {
        guard case .sequence(let asked) = knownAt else { return }
        let head: Checkpoint
        do { head = try store.checkpoint(knownAt: .head) } catch { throw CarelogError.from(error) }
        if asked > head.sequence {
            throw .usage(
                "--known-at \(asked) is past the head of the log (sequence \(head.sequence)); give a sequence up to \(head.sequence)"
            )
        }
    }

    package static func parameters(_ request: ReportRequest) -> ProjectionParameters {
        ProjectionParameters(
            asAt: request.asAt, knownAt: request.knownAt, periodStart: request.period?.lowerBound,
            periodEnd: request.period?.upperBound)
    }

    package static func run<P: CareProjection>(_ type: P.Type, _ request: ReportRequest, _ store: any EventStore) throws
        -> (
            P.Output, ProjectionContext
        )
    {
        let result = try projection { () throws(ProjectionError) in
            try ProjectionRunner.run(type, parameters: parameters(request), store: store)
        }
        return (result.output, result.context)
    }

    package static func ragTable(_ request: ReportRequest, store: any EventStore, cache: (any FoldStateCache)? = nil)
        throws
        -> (ImprovementRAGTable, ProjectionContext)
    {
        let quarter = request.quarter ?? Quarter.containing(request.asAt)
        return try projection { () throws(ProjectionError) in
            try ImprovementRAGTable.runWithComplianceIndicators(
                programmeId: request.programme, quarter: quarter, parameters: parameters(request), store: store,
                cache: cache)
        }
    }

    package static func rendered(
        _ document: ReportDocument, _ kind: ReportKind, _ request: ReportRequest, _ context: ProjectionContext,
        options: [String] = []
    ) -> RenderedReport {
        let bytes = renderBytes(document, request)
        var manifest = ExtractManifest(
            extract: bytes, format: request.format.rawValue, extractKind: kind.rawValue, context: context,
            period: request.period, options: options)
        manifest.knownAt = request.knownAt.description  // as asked (the RAG run pins its context)
        return RenderedReport(bytes: bytes, manifest: manifest, isBinary: request.format.isBinary)
    }

    /// The document in `request.format` as bytes (text formats as UTF-8, `.docx` as its package).
    package static func renderBytes(_ document: ReportDocument, _ request: ReportRequest) -> [UInt8] {
        ReportRenderer().render(document, as: request.format)
    }

    package static func render(_ document: ReportDocument, _ request: ReportRequest) -> String {
        ReportRenderer().renderText(document, as: request.format)
    }

    /// Runs projection work, turning its errors into the CLI's exit codes.
    package static func projection<T>(_ body: () throws(ProjectionError) -> T) throws(CarelogError) -> T {
        do {
            return try body()
        } catch {
            switch error {
            case .store(let storeError): throw CarelogError.storeOrIO(storeError.description)
            case .programmeNotChosen: throw CarelogError.usage(error.description + " with --programme")
            case .programmeNotFound: throw CarelogError.usage(error.description)
            case .undecodable: throw CarelogError.storeOrIO(error.description)
            }
        }
    }
}
