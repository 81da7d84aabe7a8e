/// The reports and extracts the command line builds, named as in their manifests'
/// `extractKind`, so `verify-extract` can re-run any of them.
package enum ReportKind: String, Hashable, Sendable, CaseIterable {
    /// `carelog report review-due`.
    case reviewsDue = "reviews-due"
    /// `carelog report compliance`.
    case compliance
    /// `carelog report rag`.
    case improvementRAG = "improvement-rag"
    /// `carelog report complaints`.
    case complaints
    /// `carelog report compliance-trend`.
    case complianceTrend = "compliance-trend"
    /// `carelog extract notifications`.
    case notifications = "care-inspectorate-notifications"
    /// `carelog report access`.
    case access
    /// `carelog report visit-delivery`.
    case visitDelivery = "visit-delivery"
}
