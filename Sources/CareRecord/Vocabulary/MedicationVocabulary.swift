/// How a medicine is taken.
public enum MedicationRoute: String, CatalogueEnum {
    /// By mouth.
    case oral
    /// On the skin.
    case topical
    /// A patch.
    case transdermal
    /// Inhaled.
    case inhaled
    /// Eye drops or ointment.
    case eye
    /// Ear drops.
    case ear
    /// Nasal spray or drops.
    case nasal
    /// Injection under the skin.
    case subcutaneous
    /// Rectal.
    case rectal
    /// Another route.
    case other
}

/// What happened on one scheduled medication occasion (rules.md §11.18).
public enum MedicationOutcome: String, CatalogueEnum {
    /// Staff administered it.
    case administered
    /// Staff prompted and the person took it.
    case promptedTaken
    /// Staff assisted and the person took it.
    case assisted
    /// Left out for the person as the plan says.
    case madeAvailable
    /// The person declined it.
    case refused
    /// Not given for a recorded reason (e.g. nil by mouth, unavailable).
    case notGiven
    /// Withheld on a prescriber's or pharmacist's advice.
    case withheldOnAdvice
    /// An as-required (PRN) medicine that was not needed.
    case notRequired
    /// The person was away or in hospital.
    case personAway
    /// Dropped, spoiled or refused and destroyed.
    case destroyed
    /// Not given and not recorded in time: a missed medication.
    case missed
}

/// Where in the medicines process an error happened (CQC definition, rules.md §4.3).
public enum MedicationErrorStage: String, CatalogueEnum {
    /// Prescribing.
    case prescribing
    /// Preparing.
    case preparing
    /// Dispensing.
    case dispensing
    /// Administering.
    case administering
    /// Monitoring.
    case monitoring
    /// Advising.
    case advising
}

/// Whether something wrong was done or something right was not.
public enum MedicationErrorKind: String, CatalogueEnum {
    /// Wrong medicine, dose, time or person.
    case commission
    /// An omitted dose or a failure to monitor.
    case omission
}

/// The harm an error or incident caused.
public enum HarmLevel: String, CatalogueEnum {
    /// No harm.
    case none
    /// Low harm.
    case low
    /// Moderate harm.
    case moderate
    /// Severe harm.
    case severe
    /// Death.
    case death
}
