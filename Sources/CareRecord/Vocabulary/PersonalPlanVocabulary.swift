/// The level of medication support in the personal plan (SSSC vocabulary, rules.md §4.1).
public enum MedicationSupportLevel: String, CatalogueEnum {
    /// The person manages their own medication without support.
    case none
    /// Remind the person to take their medication, in the way they prefer.
    case prompt
    /// Help a person who manages their own medication with physical tasks, at their request.
    case assist
    /// Prepare and give the medication as the plan and prescriber direct.
    case administer
}

/// Someone consulted when a personal plan was prepared or revised (reg 5, SSI 2011/210).
public enum ConsultedParty: String, CatalogueEnum {
    /// The person using the service.
    case person
    /// The person's representative (guardian, attorney or other).
    case representative
    /// A relative or unpaid carer.
    case family
    /// An independent advocate.
    case advocate
    /// A social worker or care manager.
    case socialWorker
    /// A GP, district nurse, pharmacist or other health professional.
    case healthProfessional
    /// Another provider involved in the person's care.
    case otherProvider
}

/// Who a plan or a plan revision was given or notified to.
public enum PlanRecipient: String, CatalogueEnum {
    /// The person using the service.
    case person
    /// The person's representative.
    case representative
}

/// What part of a personal plan a revision changed.
public enum PlanChangeArea: String, CatalogueEnum {
    /// The personal outcomes.
    case outcomes
    /// The tasks carried out at visits.
    case tasks
    /// The level or details of medication support.
    case medicationSupport
    /// The risk assessment and its management plan.
    case riskAssessment
    /// The number, times or length of visits.
    case visitPattern
    /// How the person wishes to be communicated with.
    case communication
    /// Another part of the plan.
    case other
}
