/// A Care Inspectorate notification category (rules.md §1.1; §11.6).
public enum NotificationCategory: String, CatalogueEnum {
    /// 1. Accidents, incidents or injuries.
    case accidentIncidentOrInjury
    /// 2. Outbreak of infectious disease.
    case infectiousOutbreak
    /// 3. Death of a person using the service.
    case death
    /// 4. Allegations of abuse.
    case allegationOfAbuse
    /// 5. Significant equipment breakdown.
    case equipmentBreakdown
    /// 6. Allegation of misconduct by the provider or an employee.
    case misconductAllegation
    /// 7. Criminal convictions that make a manager unfit.
    case managerConviction
    /// 8. The provider becoming unfit.
    case providerUnfit
    /// 9. Absence of the manager (2025 guidance: over 28 days).
    case managerAbsence
    /// 10. Planned refurbishment, alteration or extension of premises.
    case premisesChange
    /// 11. Change of registration details.
    case registrationDetailsChange
    /// 12. A person living at the registered premises.
    case personLivingAtPremises
    /// Adverse events and concerns involving Schedule 2–5 controlled drugs.
    case controlledDrugAdverseEvent
    /// 2025 guidance: protection concerns.
    case protectionConcern
    /// 2025 guidance: use of restrictive practices.
    case restrictivePractice
    /// 2025 guidance: significant changes to the environment.
    case significantEnvironmentChange
    /// 2025 guidance: complaints received.
    case complaintReceived
    /// 2025 guidance: financial irregularities.
    case financialIrregularity
    /// Adult protection large scale investigation started or finished (HSCP duty).
    case largeScaleInvestigation
}

/// What a follow-up to a notification was.
public enum NotificationFollowUpKind: String, CatalogueEnum {
    /// Further information sent to the Care Inspectorate.
    case update
    /// A correction to what was submitted.
    case correction
    /// The outcome of the matter notified.
    case outcome
    /// The Care Inspectorate closed the notification.
    case closed
}
