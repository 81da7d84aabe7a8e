/// Why an entry was voided or corrected.
public enum CorrectionReason: String, CatalogueEnum {
    /// Entered in error.
    case enteredInError
    /// Recorded against the wrong person or stream.
    case wrongPerson
    /// The date or time was wrong.
    case wrongTime
    /// A value was wrong.
    case wrongValue
    /// A duplicate of another entry.
    case duplicate
    /// Information received later changes the entry.
    case lateInformation
}
