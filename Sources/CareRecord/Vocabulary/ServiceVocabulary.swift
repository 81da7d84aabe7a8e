/// How a person's care at home is arranged.
public enum ServiceModel: String, CatalogueEnum {
    /// Visits commissioned with set times and tasks (Self-directed Support option 3).
    case timeAndTask
    /// The person directs a personal budget (Self-directed Support options 1 or 2).
    case personalBudget
    /// Short-term reablement to regain independence.
    case reablement
}

/// Why a person's service ended.
public enum ServiceEndReason: String, CatalogueEnum {
    /// The person died.
    case died
    /// The person moved into a care home.
    case movedToCareHome
    /// The person is staying in hospital and the package was ended.
    case longStayHospital
    /// Care at home is no longer needed (e.g. reablement goals met).
    case noLongerNeeded
    /// The person moved to another provider.
    case movedProvider
    /// The person moved out of the partnership's area.
    case movedAway
    /// Another reason.
    case other
}
