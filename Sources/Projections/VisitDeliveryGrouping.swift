/// How the visit-delivery report groups its rows.
public enum VisitDeliveryGrouping: String, Hashable, Sendable, CaseIterable {
    /// One row per team: the visit's own team, else the person's team when the visit was scheduled.
    case team
    /// One row per carer who checked in; visits no carer attended are one row of their own.
    case carer
    /// One row per person visited.
    case person

    /// The key of the group column in JSON and CSV.
    public var columnKey: String {
        switch self {
        case .team: "team"
        case .carer: "staffId"
        case .person: "personId"
        }
    }

    /// The title of the group column.
    public var columnTitle: String {
        switch self {
        case .team: "Team"
        case .carer: "Carer"
        case .person: "Person"
        }
    }
}
