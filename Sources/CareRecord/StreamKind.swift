/// The kinds of stream the care record uses: the part of a ``EventLog/StreamName`` before the `/`.
///
/// Each event type belongs to exactly one kind (corrections excepted: they live in the stream of
/// the entry they correct). The id after the `/` is the service's own reference for the subject.
public enum StreamKind: String, CaseIterable, Hashable, Sendable, Codable {
    /// `person/<personId>`: service, personal plan, hospital stays and reviews for one person.
    case person
    /// `visit/<visitId>`: one visit's lifecycle (scheduled → checked in → checked out, or missed/cancelled).
    case visit
    /// `medication/<personId>`: the person's MAR entries and medication errors.
    case medication
    /// `incident/<incidentId>`: one incident.
    case incident
    /// `notification/<notificationId>`: one Care Inspectorate notification.
    case notification
    /// `complaint/<complaintId>`: one complaint through both stages.
    case complaint
    /// `staff/<staffId>`: one member of staff: employment, training, supervision, SSSC registration.
    case staff
    /// `inspection/<inspectionId>`: one Care Inspectorate inspection and its grades.
    case inspection
    /// `programme/<programmeId>`: an improvement programme, its workstreams, activities and updates.
    case programme
    /// `rules/<rulesId>`: effective-dated thresholds, tolerances and deadlines.
    case rules
    /// `migration/<digest>`: the record of one migration from an older system.
    case migration
    /// `access/<grantId>`: one grant of a role over a scope, and its revocation.
    case access
    /// `accessed/<YYYY-MM-DD>`: the reads of personal data (and refusals) recorded on one day.
    case accessed
}
