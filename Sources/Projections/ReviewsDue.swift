import CareCalendar
import CareRecord
import EventLog

/// Reviews due: for every person with an active service on the reporting date, the personal
/// plan and review duties of SSI 2011/210 reg 5 with due date, reason and status, by team.
///
/// Replaces the weekly "reviews due" case-system report (East Renfrewshire seed). Events whose
/// care-world date (the payload's date) is after `asAt` are ignored; people whose service ended
/// on or before `asAt` are not listed and are forgotten. A hospital admission does not stop
/// any clock. Rules and sources: `Docs/projections.md`, "Reviews due".
public struct ReviewsDue: CareProjection {
    /// The person-stream events the list is built from.
    public static let eventTypes: Set<String> = [
        ServiceStarted.eventType, ServiceEnded.eventType, PersonalPlanPrepared.eventType,
        ReviewRequested.eventType, SignificantChangeRecorded.eventType, ReviewHeld.eventType,
    ]

    private let asAt: CareDate
    private let rules: RulesAdopted
    /// Live people by person id.
    private var people: [String: ReviewsDuePerson] = [:]

    /// An empty list for the context's reporting date and rules.
    public init(context: ProjectionContext) {
        asAt = context.parameters.asAt
        rules = context.rules
    }

    /// Folds one person event.
    public mutating func apply(_ event: CareEvent, recorded: RecordedEvent) {
        guard recorded.stream.kind == StreamKind.person.rawValue else { return }
        let personId = String(recorded.stream.id)
        switch event {
        case .serviceStarted(let started):
            guard started.firstServiceOn <= asAt else { return }
            if people[personId] != nil {
                people[personId]?.restated(started)
            } else {
                people[personId] = ReviewsDuePerson(started: started)
            }
        case .serviceEnded(let ended):
            // An end dated before the current episode began belongs to an earlier episode.
            guard ended.endedOn <= asAt, let person = people[personId], ended.endedOn >= person.firstServiceOn else {
                return
            }
            people[personId] = nil
        case .personalPlanPrepared(let plan):
            guard plan.preparedOn <= asAt else { return }
            people[personId]?.planPrepared(on: plan.preparedOn)
        case .reviewRequested(let request):
            guard request.requestedOn <= asAt else { return }
            people[personId]?.requested(on: request.requestedOn)
        case .significantChangeRecorded(let change):
            guard change.identifiedOn <= asAt else { return }
            people[personId]?.changed(on: change.identifiedOn)
        case .reviewHeld(let review):
            guard review.heldOn <= asAt else { return }
            people[personId]?.reviewed(on: review.heldOn, trigger: review.trigger)
        default:
            return
        }
    }

    /// The list as at the reporting date, grouped by locality and team.
    public func output() -> ReviewsDueOutput {
        var groups: [GroupKey: [ReviewsDueEntry]] = [:]
        for (personId, person) in people {
            groups[GroupKey(locality: person.locality ?? "", team: person.team), default: []]
                .append(person.entry(personId: personId, asAt: asAt, rules: rules))
        }
        let teams = groups.sorted { $0.key < $1.key }.map { key, entries in
            ReviewsDueTeam(
                team: key.team, locality: key.locality.isEmpty ? nil : key.locality,
                people: entries.sorted {
                    ($0.status, $0.dueDate, $0.personId) < ($1.status, $1.dueDate, $1.personId)
                })
        }
        return ReviewsDueOutput(asAt: asAt, teams: teams)
    }

    /// How people are grouped: locality, then team.
    private struct GroupKey: Hashable, Comparable {
        var locality: String
        var team: String
        static func < (lhs: GroupKey, rhs: GroupKey) -> Bool { (lhs.locality, lhs.team) < (rhs.locality, rhs.team) }
    }
}
