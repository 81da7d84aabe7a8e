import ArgumentParser
import CarelogOperations

/// `carelog report`: the projections as reports.
package struct ReportCommand: ParsableCommand {
    package static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Reports rebuilt from the log: reviews due, compliance, the improvement RAG table, visit delivery.",
        discussion: """
            Every report states its as-at date, the log position it resolved to (sequence, head \
            hash, last recorded) and the rules used, and is identical when rebuilt from the same \
            log and options: re-run it --known-at the sequence it states. --manifest FILE also \
            writes a manifest that `carelog verify-extract` checks. JSON and CSV carry \
            documented codes; Markdown and HTML their labels. Files are written 0600, never \
            inside a store, and never over an existing file without --force.

            Example:
              carelog report review-due --as-at 2020-06-30
              carelog report compliance --from 2020-04-01 --to 2020-06-30 --format csv
              carelog report rag --quarter 2020-Q2 --format html --output rag-q2.html
              carelog report visit-delivery --from 2020-04-01 --to 2020-06-30 --by carer
            """,
        subcommands: [
            ReviewDueReportCommand.self, ComplianceReportCommand.self, RAGReportCommand.self,
            AccessReportCommand.self, ComplaintsReportCommand.self, ComplianceTrendReportCommand.self,
            VisitDeliveryReportCommand.self,
        ])

    package init() {}
}
