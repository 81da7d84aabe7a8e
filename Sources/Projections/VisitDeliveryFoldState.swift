/// What ``VisitDelivery`` accumulates while it folds: saved at a log position by the projection
/// checkpoints (in the binary form of `VisitDeliveryFoldState+Coding.swift`) and resumed from there.
public struct VisitDeliveryFoldState: Hashable, Sendable {
    /// Each person's team from their latest `ServiceStarted`.
    var teams: [String: String]
    /// Every visit planned in the period, with what was recorded about it.
    var visits: [String: VisitDeliveryVisit]
}
