import EventLog

/// The seams where reports are wired to the projections (module Projections) and renderers
/// (module Reports). One function per report; each returns the report rendered in
/// `request.format`.
///
/// NOT WIRED YET: the projections and renderers are being written in parallel. Each function
/// below throws ``CLIError/notAvailable(_:)`` (exit 69) until the lead replaces its body with
/// a call to `ProjectionRunner.run(…)` and the renderer for `request.format`. Nothing else in
/// the CLI needs to change: the commands already parse and check every option and write the
/// result to `--output` or standard output.
public enum ReportWiring {
    /// WIRE HERE: `carelog report review-due` — the reviews-due projection, grouped by team.
    public static func reviewsDue(_ request: ReportRequest, store: any EventStore) throws -> String {
        throw notWired("report review-due")
    }

    /// WIRE HERE: `carelog report compliance` — the compliance projection for `request.period`.
    public static func compliance(_ request: ReportRequest, store: any EventStore) throws -> String {
        throw notWired("report compliance")
    }

    /// WIRE HERE: `carelog report rag` — the improvement-programme RAG table for
    /// `request.programme` (nil: the only programme in the store) and `request.quarter`
    /// (nil: the quarter containing `request.asAt`).
    public static func improvementRAG(_ request: ReportRequest, store: any EventStore) throws -> String {
        throw notWired("report rag")
    }

    /// WIRE HERE: `carelog extract notifications` — the Care Inspectorate notification extract
    /// for `request.period`, with its manifest (checkpoint, parameters, SHA-256).
    public static func notificationExtract(_ request: ReportRequest, store: any EventStore) throws -> String {
        throw notWired("extract notifications")
    }

    /// WIRE HERE: what `carelog demo` prints after generating: the improvement RAG table for
    /// the last quarter, a reviews-due summary and the compliance headline figures, as at
    /// `request.asAt` (the demo's last day; `request.period` is the whole demo period). Until
    /// wired, the demo prints the generator's counts instead.
    public static func demoSummary(store: any EventStore, request: ReportRequest) throws -> String {
        throw notWired("the demo's report summary")
    }

    private static func notWired(_ what: String) -> CLIError {
        .notAvailable("\(what) is not available in this build (the projection is not wired yet)")
    }
}
