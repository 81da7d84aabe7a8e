/// What ``Compliance`` accumulates while it folds: saved at a log position by the projection
/// checkpoints (in the binary form of `ComplianceFoldState+Coding.swift`) and resumed from there.
public struct ComplianceFoldState: Hashable, Sendable {
    var people: [String: CompliancePerson]
    var visits: [String: ComplianceVisit]
    var complaints: [String: ComplianceComplaint]
    var notifications: [String: ComplianceNotification]
    var staff: [String: ComplianceStaff]
    var counted: [String: ComplianceMeasures]
}
