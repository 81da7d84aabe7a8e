/// What ``Compliance`` accumulates while it folds: saved at a log position by the projection
/// checkpoints and resumed from there.
public struct ComplianceFoldState: Codable, Sendable {
    var people: [String: CompliancePerson]
    var visits: [String: ComplianceVisit]
    var complaints: [String: ComplianceComplaint]
    var notifications: [String: ComplianceNotification]
    var staff: [String: ComplianceStaff]
    var counted: [String: ComplianceMeasures]
}
