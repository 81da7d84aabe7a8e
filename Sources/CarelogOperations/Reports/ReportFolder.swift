import CareCalendar
import Reports

/// A folder that collects a report run on a schedule (`carelog report review-due --into DIR`):
/// each run adds `<kind>-<as-at date>.<extension>` and its manifest
/// `<kind>-<as-at date>.<extension>.manifest.json`, both 0600, so the folder keeps one dated
/// file per run with the provenance to check it (`carelog verify-extract`).
package enum ReportFolder {
    /// The file name of `kind` as at `asAt` in `format`, e.g. `reviews-due-2020-06-29.csv`.
    package static func fileName(_ kind: ReportKind, asAt: CareDate, format: ReportFormat) -> String {
        "\(kind.rawValue)-\(asAt.iso8601).\(format.fileExtension)"
    }

    /// Writes `report` and its manifest into `directory` as `name` and `name.manifest.json`.
    /// Creates the directory (0700) when it does not exist (its parent must); refuses a directory
    /// inside the store, and an existing file of either name unless `force`. Both files are
    /// checked before either is written. Returns the two paths written.
    @discardableResult
    package static func write(
        _ report: RenderedReport, name: String, into directory: String, force: Bool, store: String?
    ) throws(CarelogError) -> (report: String, manifest: String) {
        let trimmed = directory.hasSuffix("/") && directory.count > 1 ? String(directory.dropLast()) : directory
        if FileStatus(path: trimmed) == nil {
            try OutputFile.check(trimmed, force: false, store: store, option: "--into")
            try OutputFile.makePrivateDirectory(trimmed)
        } else if FileStatus(path: trimmed)?.isDirectory != true {
            throw .usage("--into \(directory) is not a directory")
        }
        let reportPath = trimmed + "/" + name
        let manifestPath = reportPath + ".manifest.json"
        try OutputFile.check(reportPath, force: force, store: store, option: "--into")
        try OutputFile.check(manifestPath, force: force, store: store, option: "--into")
        try OutputFile.write(Array(report.text.utf8), to: reportPath, force: force, store: store, option: "--into")
        try OutputFile.write(
            report.manifest.jsonBytes() + [10], to: manifestPath, force: force, store: store, option: "--into")
        return (reportPath, manifestPath)
    }
}
