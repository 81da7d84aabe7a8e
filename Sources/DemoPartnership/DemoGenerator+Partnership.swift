import CareCalendar
import CareRecord
import EventLog

extension DemoGenerator {
    /// Service-wide events: the quarterly programme updates (on the 20th of each quarter's first
    /// month), one Care Inspectorate inspection and one winter outbreak.
    func simulatePartnership() {
        if today.day == 20, (today.month - 1) % 3 == 0 { recordProgrammeUpdates() }
        if dayIndex == 20 {
            let occurred = now(8 * 60)
            recordIncident(
                kind: .infectiousOutbreak, person: nil, occurredAt: occurred,
                becameAwareAt: occurred.adding(milliseconds: 3_600_000),
                harm: nil, notifiable: true, category: .infectiousOutbreak)
        }
        if dayIndex == 120 {
            let from = today.adding(days: -40)
            emit(
                InspectionGraded(
                    inspectedFrom: from, inspectedTo: from.adding(days: 3), publishedOn: today, kind: .unannounced,
                    grades: [
                        KeyQuestionGrade(keyQuestion: .wellbeing, grade: 3),
                        KeyQuestionGrade(keyQuestion: .leadership, grade: 3),
                        KeyQuestionGrade(keyQuestion: .staffTeam, grade: 3),
                        KeyQuestionGrade(keyQuestion: .carePlanning, grade: 3),
                    ],
                    requirements: 4, areasForImprovement: 6),
                stream: Self.stream(.inspection, "CI-" + String(today.year) + "-01"), occurredAt: now(10 * 60),
                actor: "system/demo")
            counts.inspections += 1
        }
    }

    /// One `ActivityUpdateRecorded` per activity for the current quarter.
    private func recordProgrammeUpdates() {
        let quarter = Quarter.containing(today)
        let first = quarter == Quarter.containing(configuration.startDate)
        let stream = Self.stream(.programme, DemoCatalogue.programmeID)
        let actor = staffActor(teamManager[0])
        let time = now(14 * 60)
        for workstream in DemoCatalogue.workstreams {
            for activity in workstream.activities {
                var updates = activity.firstUpdate
                var plan = activity.firstPlan
                var rag = activity.firstRAG
                if !first {
                    let u = rng.int(0...(DemoCatalogue.laterUpdates.count - 2))
                    updates = [DemoCatalogue.laterUpdates[u], DemoCatalogue.laterUpdates[u + 1]]
                    plan = [rng.pick(DemoCatalogue.laterPlans)]
                    if activity.indicator == nil {
                        rag = [RAGStatus.green, .amber, .red][rng.weighted([0.5, 0.4, 0.1])]
                    }
                }
                emit(
                    ActivityUpdateRecorded(
                        activityId: activity.id, quarter: quarter, updates: updates, rag: rag,
                        ragRationale: rag.map {
                            "Set by the Programme Oversight Board: \($0.rawValue) on progress against the plan"
                        },
                        nextQuarterPlan: plan),
                    stream: stream, occurredAt: time, actor: actor)
                counts.activityUpdates += 1
            }
        }
    }
}
