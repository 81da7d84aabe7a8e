/// What kind of incident happened (rules.md §1.1, §11.6).
public enum IncidentKind: String, CatalogueEnum {
    /// An accident, incident or injury.
    case accidentOrInjury
    /// A fall with no injury.
    case fallWithoutInjury
    /// The death of a person using the service.
    case death
    /// An adult support and protection concern or allegation of abuse.
    case adultProtectionConcern
    /// An outbreak of infectious disease.
    case infectiousOutbreak
    /// An allegation of misconduct by the provider or an employee.
    case misconductAllegation
    /// A person using the service could not be found.
    case missingPerson
    /// Use of a restrictive practice.
    case restrictivePractice
    /// An adverse event or concern involving a Schedule 2–5 controlled drug.
    case controlledDrugAdverseEvent
    /// Significant breakdown of equipment.
    case equipmentBreakdown
    /// Police were involved.
    case policeInvolvement
    /// Care or support that should have been given was not.
    case missedCare
    /// Another incident.
    case other
}

/// Another body told about an incident.
public enum Agency: String, CatalogueEnum {
    /// Police Scotland.
    case police
    /// The council's adult protection / social work team.
    case adultProtection
    /// The person's GP.
    case gp
    /// NHS 24 or the out-of-hours service.
    case nhs24
    /// The NHS Board Controlled Drugs Accountable Officer.
    case controlledDrugsAccountableOfficer
    /// The NHS Board health protection team.
    case healthProtection
    /// The person's family or representative.
    case family
    /// The Health and Safety Executive.
    case hse
    /// Another body.
    case other
}
