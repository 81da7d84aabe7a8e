/// A member of staff's role.
public enum StaffRole: String, CatalogueEnum {
    /// Care at home / home support worker.
    case homeCareWorker
    /// Senior worker.
    case seniorHomeCareWorker
    /// Responder (community alarm, out of hours).
    case responder
    /// Home care organiser or coordinator.
    case organiser
    /// Reviewing officer.
    case reviewingOfficer
    /// Registered manager or team manager.
    case manager
    /// Administrative staff.
    case administrator
}

/// Why a member of staff left.
public enum StaffLeavingReason: String, CatalogueEnum {
    /// Resigned.
    case resigned
    /// Retired.
    case retired
    /// Fixed-term contract ended.
    case endOfContract
    /// Dismissed.
    case dismissed
    /// Moved to another service.
    case transferred
    /// Died.
    case died
}

/// A course staff must complete (the seed's training plan; rules.md §8, standard 3.14).
public enum TrainingCourse: String, CatalogueEnum {
    /// Induction.
    case induction
    /// Medication good practice.
    case medication
    /// Adult support and protection (ASP).
    case adultSupportAndProtection
    /// First aid.
    case firstAid
    /// Dementia skilled practice.
    case dementia
    /// Food hygiene.
    case foodHygiene
    /// Data protection (GDPR).
    case dataProtection
}

/// Where a supervision took place.
public enum SupervisionKind: String, CatalogueEnum {
    /// Field-based (observed practice in people's homes).
    case field
    /// Office-based one-to-one.
    case office
}
