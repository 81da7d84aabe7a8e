import CareCalendar

/// A visit as the access policy reads it: whose visit it is, its care day (Europe/London, by
/// planned start), the team it names and the staff its plan lists — the plan as it stands, after
/// corrections.
public struct PlannedVisit: Sendable, Equatable {
    /// The person the visit is for.
    public var personId: String
    /// The care day of the planned start, Europe/London.
    public var day: CareDate
    /// The team the plan names, if any.
    public var team: String?
    /// The staff ids the plan lists (`staffIds`), in the plan's order; empty when it lists none.
    public var staffIds: [String]

    /// A visit for `personId` on `day`.
    public init(personId: String, day: CareDate, team: String? = nil, staffIds: [String] = []) {
        self.personId = personId
        self.day = day
        self.team = team
        self.staffIds = staffIds
    }
}
