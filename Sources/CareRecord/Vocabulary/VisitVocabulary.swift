/// How a carer's arrival or departure was captured.
public enum CheckMethod: String, CatalogueEnum {
    /// Electronic call monitoring (app, tag or landline call-in) confirmed it.
    case electronic
    /// Entered by hand; an exception code says why electronic capture failed.
    case manual
}

/// Why a scheduled visit did not happen.
public enum MissedVisitReason: String, CatalogueEnum {
    /// No carer was available to attend.
    case noCarerAvailable
    /// The allocated carer did not attend.
    case carerDidNotAttend
    /// The visit was not on any carer's schedule.
    case schedulingError
    /// The carer attended but could not get in and the person could not be found.
    case noAccess
    /// Not yet known; investigate.
    case unknown
}

/// Who cancelled a visit; a visit cancelled by the person is not a missed visit (rules.md §11.22).
public enum CancelledBy: String, CatalogueEnum {
    /// The person or their representative.
    case person
    /// The service.
    case provider
}

/// Why a visit was cancelled.
public enum VisitCancellationReason: String, CatalogueEnum {
    /// The person asked not to have the visit.
    case personRequest
    /// The person is in hospital.
    case personInHospital
    /// Family are providing the care this time.
    case familyProviding
    /// The service could not staff the visit and arranged it with the person.
    case providerStaffing
    /// Severe weather.
    case weather
    /// The service has ended.
    case serviceEnded
    /// Another reason.
    case other
}
