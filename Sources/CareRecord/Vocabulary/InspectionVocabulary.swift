/// What kind of inspection it was.
public enum InspectionKind: String, CatalogueEnum {
    /// An unannounced inspection.
    case unannounced
    /// A core assurance inspection.
    case coreAssurance
    /// A quality framework inspection.
    case qualityFramework
    /// A follow-up inspection on requirements.
    case followUp
}

/// A Care Inspectorate key question (rules.md §6).
public enum KeyQuestion: String, CatalogueEnum {
    /// KQ1 How well do we support people's wellbeing?
    case wellbeing
    /// KQ2 How good is our leadership?
    case leadership
    /// KQ3 How good is our staff team?
    case staffTeam
    /// KQ4 How good is our setting? (not applicable to care at home)
    case setting
    /// KQ5 How well is our care and support planned?
    case carePlanning
    /// KQ7 How good is our care and support during the COVID-19 pandemic? (withdrawn)
    case covid19
}
