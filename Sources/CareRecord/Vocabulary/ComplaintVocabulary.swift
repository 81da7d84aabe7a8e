/// How a complaint was received.
public enum ComplaintChannel: String, CatalogueEnum {
    /// By telephone.
    case phone
    /// By email.
    case email
    /// By letter.
    case letter
    /// In person.
    case inPerson
    /// Through an online form.
    case online
    /// Through a councillor or MSP.
    case electedMember
}

/// What a complaint is mainly about.
public enum ComplaintCategory: String, CatalogueEnum {
    /// The quality of care or support.
    case qualityOfCare
    /// Late, short or missed visits.
    case lateOrMissedVisit
    /// Staff conduct or attitude.
    case staffConduct
    /// Communication with the person or family.
    case communication
    /// Medication support.
    case medication
    /// Too many different carers.
    case continuityOfCarers
    /// Charges or invoices.
    case charging
    /// A service policy or decision.
    case policyOrDecision
    /// Something else.
    case other
}

/// Who made a complaint, relative to the person the service supports.
public enum Complainant: String, CatalogueEnum {
    /// The person using the service.
    case personUsingService
    /// Their representative (guardian, attorney).
    case representative
    /// A relative or unpaid carer.
    case relative
    /// An advocate.
    case advocate
    /// A professional acting for the person.
    case professional
    /// A member of the public.
    case memberOfPublic
}

/// The stage of the model complaints handling procedure (rules.md §3.1).
public enum ComplaintStage: String, CatalogueEnum {
    /// Stage 1: frontline response.
    case stage1
    /// Stage 2: investigation.
    case stage2
}

/// The outcome for one point of complaint.
public enum ComplaintPointOutcome: String, CatalogueEnum {
    /// Upheld.
    case upheld
    /// Partially upheld.
    case partiallyUpheld
    /// Not upheld.
    case notUpheld
    /// Resolved without a finding.
    case resolved
}

/// Why a complaint's timescale was extended.
public enum ExtensionReason: String, CatalogueEnum {
    /// The complaint is more complex than expected.
    case complexity
    /// The complainant was not available.
    case complainantAvailability
    /// Key staff were not available.
    case staffAvailability
    /// Information is awaited from another body.
    case externalInformation
    /// Another exceptional circumstance.
    case other
}

/// Why a complaint went to stage 2.
public enum EscalationRoute: String, CatalogueEnum {
    /// The complainant was dissatisfied with the stage 1 response.
    case complainantDissatisfied
    /// The complaint was complex from the outset.
    case complexFromOutset
}

/// Where a complaint was referred after the service's procedure.
public enum ReferralBody: String, CatalogueEnum {
    /// The Scottish Public Services Ombudsman.
    case spso
    /// The Care Inspectorate.
    case careInspectorate
}
