import ArgumentParser
import CarelogOperations
import Reports

/// `--format markdown|csv|json|html` (also `md`, `htm`): the one format type, parsed by
/// ``Reports/ReportFormat/init(parsing:)``.
extension ReportFormat: ExpressibleByArgument {
    public init?(argument: String) { self.init(parsing: argument) }
}
