/// A compliance measure computed by the projections; an activity's indicator names one.
public enum ComplianceMeasure: String, CatalogueEnum {
    /// Personal plans prepared within 28 days of the first service date (%).
    case plansWithin28Days
    /// People reviewed within the six-month rule (%).
    case reviewsWithinSixMonths
    /// Delivered visits with electronic check-in and check-out (%).
    case visitsVerifiedElectronically
    /// Delivered visits started within the late-visit tolerance (%).
    case visitsOnTime
    /// Missed visits (% of scheduled visits not cancelled).
    case missedVisits
    /// MAR entries with an outcome (%).
    case marEntriesWithOutcome
    /// Missed medications (% of MAR entries).
    case missedMedications
    /// Medication errors (count).
    case medicationErrors
    /// Stage 1 complaints answered within 5 working days, or 10 with an extension (%).
    case complaintsStage1OnTime
    /// Stage 2 complaints acknowledged within 3 working days (%).
    case complaintsStage2AcknowledgedOnTime
    /// Stage 2 complaints answered within 20 working days (%).
    case complaintsStage2OnTime
    /// Care Inspectorate notifications submitted by their deadline (%).
    case notificationsOnTime
    /// Staff with every required course current (%).
    case trainingCurrent
    /// Staff supervised within the rules' interval (%).
    case supervisionWithinInterval
    /// Staff with current SSSC registration (%).
    case ssscRegistrationCurrent
}

/// Which way an indicator improves.
public enum IndicatorDirection: String, CatalogueEnum {
    /// Higher values are better (e.g. % on time).
    case higherIsBetter
    /// Lower values are better (e.g. missed visits).
    case lowerIsBetter
}

/// A red / amber / green status set by hand.
public enum RAGStatus: String, CatalogueEnum {
    /// Significantly off target.
    case red
    /// Slightly off target.
    case amber
    /// On target.
    case green
}
