/// Who asked for a review of the personal plan.
public enum ReviewRequester: String, CatalogueEnum {
    /// The person using the service.
    case person
    /// The person's representative.
    case representative
    /// A relative or unpaid carer.
    case family
    /// A social worker or care manager.
    case socialWorker
    /// A health professional.
    case healthProfessional
    /// The service itself (e.g. a carer noticed a change).
    case provider
}

/// The area of need in which a significant change occurred (reg 5(2)(b)).
public enum NeedsArea: String, CatalogueEnum {
    /// Health needs.
    case health
    /// Welfare needs.
    case welfare
    /// Safety needs.
    case safety
}

/// Who took part in a review.
public enum ReviewParticipant: String, CatalogueEnum {
    /// The person using the service.
    case person
    /// The person's representative.
    case representative
    /// A relative or unpaid carer.
    case family
    /// An independent advocate.
    case advocate
    /// The reviewing officer or organiser who held the review.
    case reviewingOfficer
    /// A social worker or care manager.
    case socialWorker
    /// A health professional.
    case healthProfessional
    /// A care at home worker who supports the person.
    case carer
}

/// What a review decided.
public enum ReviewOutcome: String, CatalogueEnum {
    /// The plan continues unchanged.
    case continueAsPlanned
    /// The plan is to be revised (a `PersonalPlanRevised` should follow).
    case revisePlan
    /// The service is to end (a `ServiceEnded` should follow).
    case endService
}

/// Why a review was held: which duty of reg 5(2) it answers.
public enum ReviewTrigger: String, CatalogueEnum {
    /// The at-least-once-in-every-six-months review.
    case sixMonthly
    /// A review requested by the person or their representative.
    case request
    /// A significant change in health, welfare or safety needs.
    case significantChange
}
