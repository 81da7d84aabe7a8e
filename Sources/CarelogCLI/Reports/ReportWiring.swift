import CareCalendar
import CareRecord
import EventLog
import Foundation
import Projections
import Reports

/// Where the `report` and `extract` commands meet the projections and renderers: one function
/// per report, each running its projection at the request's log cut and rendering the result
/// in `request.format`.
public enum ReportWiring {
    /// `carelog report review-due`: the reviews-due projection, grouped by team.
    public static func reviewsDue(_ request: ReportRequest, store: any EventStore) throws -> String {
        let (output, context) = try run(ReviewsDue.self, request, store)
        return render(ReviewsDueReport.document(output, context: context), request)
    }

    /// `carelog report compliance`: the compliance projection for `request.period`.
    public static func compliance(_ request: ReportRequest, store: any EventStore) throws -> String {
        let (output, context) = try run(Compliance.self, request, store)
        return render(ComplianceReport.document(output, context: context), request)
    }

    /// `carelog report rag`: the improvement-programme RAG table for `request.programme` (nil:
    /// the only programme in the store) and `request.quarter` (nil: the quarter containing `asAt`).
    /// Activities with an indicator are rated from the compliance figures at the same log cut.
    public static func improvementRAG(_ request: ReportRequest, store: any EventStore) throws -> String {
        let (table, context) = try ragTable(request, store: store)
        return render(ImprovementRAGReport.document(table, context: context), request)
    }

    /// `carelog extract notifications`: the Care Inspectorate notification extract for
    /// `request.period`, and the manifest that binds it to the log (checkpoint, parameters, SHA-256).
    public static func notificationExtract(_ request: ReportRequest, store: any EventStore) throws -> (extract: String, manifest: String) {
        let (extract, context) = try projection { () throws(ProjectionError) in
            try NotificationExtract.run(parameters: parameters(request), store: store)
        }
        let rendered = render(NotificationExtractReport.document(extract, context: context), request)
        let manifest = ExtractManifest(
            notificationExtract: extract, bytes: Array(rendered.utf8), format: request.format.rawValue, context: context)
        return (rendered, String(decoding: manifest.jsonBytes(), as: UTF8.self))
    }

    /// What `carelog demo` prints after generating: the improvement RAG table for the last
    /// quarter, the reviews-due summary and the whole-service compliance figures (the first
    /// section of each report), in `request.format`.
    public static func demoSummary(store: any EventStore, request: ReportRequest) throws -> String {
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

    static func parameters(_ request: ReportRequest) -> ProjectionParameters {
        ProjectionParameters(
            asAt: request.asAt, knownAt: request.knownAt, periodStart: request.period?.lowerBound, periodEnd: request.period?.upperBound)
    }

    static func run<P: CareProjection>(_ type: P.Type, _ request: ReportRequest, _ store: any EventStore) throws -> (P.Output, ProjectionContext) {
        let result = try projection { () throws(ProjectionError) in
            try ProjectionRunner.run(type, parameters: parameters(request), store: store)
        }
        return (result.output, result.context)
    }

    static func ragTable(_ request: ReportRequest, store: any EventStore) throws -> (ImprovementRAGTable, ProjectionContext) {
        let quarter = request.quarter.flatMap { Quarter(year: $0.year, number: $0.quarter) } ?? Quarter.containing(request.asAt)
        return try projection { () throws(ProjectionError) in
            try ImprovementRAGTable.runWithComplianceIndicators(
                programmeId: request.programme, quarter: quarter, parameters: parameters(request), store: store)
        }
    }

    static func render(_ document: ReportDocument, _ request: ReportRequest) -> String {
        let format: ReportFormat
        switch request.format {
        case .markdown: format = .markdown
        case .csv: format = .csv
        case .json: format = .json
        case .html: format = .html
        }
        return ReportRenderer().renderText(document, as: format)
    }

    /// Runs projection work, turning its errors into the CLI's exit codes.
    static func projection<T>(_ body: () throws(ProjectionError) -> T) throws(CLIError) -> T {
        do {
            return try body()
        } catch {
            switch error {
            case .store(let storeError): throw CLIError.storeOrIO(storeError.description)
            case .programmeNotChosen: throw CLIError.usage(error.description + " with --programme")
            case .programmeNotFound: throw CLIError.usage(error.description)
            case .undecodable: throw CLIError.storeOrIO(error.description)
            }
        }
    }
}
