import CareRecord

/// Every compliance measure for one team, or for the whole service, over one period.
///
/// Each rate is a ``ComplianceRatio``; what counts in each numerator and denominator is set out
/// in `Docs/projections.md`, "Compliance".
public struct ComplianceMeasures: Hashable, Sendable, Codable {
    /// The team id; nil for the whole service.
    public var team: String?
    /// Plans prepared by their due date ÷ people whose plan fell due in the period.
    public var plansWithinDeadline = ComplianceRatio()
    /// Six-month reviews held by their due date ÷ six-month reviews that fell due in the period.
    public var reviewsWithinInterval = ComplianceRatio()
    /// Delivered visits with electronic check-in and check-out ÷ delivered visits (the ECM compliance rate).
    public var visitsVerifiedElectronically = ComplianceRatio()
    /// Delivered visits whose first check-in was within the early/late tolerance ÷ delivered visits.
    public var visitsOnTime = ComplianceRatio()
    /// Missed visits ÷ scheduled visits not cancelled by the person.
    public var missedVisits = ComplianceRatio()
    /// MAR entries with an outcome (not `missed`) ÷ MAR entries scheduled in the period.
    public var marEntriesWithOutcome = ComplianceRatio()
    /// MAR entries recorded as `missed` ÷ MAR entries scheduled in the period.
    public var missedMedications = ComplianceRatio()
    /// Medication errors discovered in the period (near misses excluded).
    public var medicationErrors = 0
    /// Near misses discovered in the period.
    public var nearMisses = 0
    /// Stage 1 responses given within the working-day limit (with any agreed extension) ÷ stage 1 responses due in the period.
    public var complaintsStage1OnTime = ComplianceRatio()
    /// Stage 2 acknowledgements on time ÷ acknowledgements due in the period.
    public var complaintsStage2AcknowledgedOnTime = ComplianceRatio()
    /// Stage 2 responses on time ÷ responses due in the period.
    public var complaintsStage2OnTime = ComplianceRatio()
    /// Notifications submitted by their deadline ÷ notifications submitted in the period.
    public var notificationsOnTime = ComplianceRatio()
    /// The same, per category (categories with at least one notification, in catalogue order).
    public var notificationsByCategory: [NotificationCategoryCompliance] = []
    /// Care staff in post with every required course current ÷ care staff in post at the period end.
    public var trainingCurrent = ComplianceRatio()
    /// The same, per required course (in the rules' order).
    public var trainingByCourse: [TrainingCourseCompliance] = []
    /// Care staff supervised within the interval ÷ care staff due a supervision at the period end.
    public var supervisionWithinInterval = ComplianceRatio()
    /// Care staff with a current SSSC registration ÷ care staff in post at the period end.
    public var ssscRegistrationCurrent = ComplianceRatio()

    /// Empty measures for a team (nil: the whole service).
    public init(team: String?) {
        self.team = team
    }

    /// Medication errors per 1,000 MAR entries; nil when there were no MAR entries.
    public var medicationErrorsPerThousandMAREntries: Double? {
        let entries = marEntriesWithOutcome.denominator
        return entries == 0 ? nil : Double(medicationErrors) * 1000 / Double(entries)
    }

    /// The numerator and denominator behind an indicator measure, or nil when there is no data.
    ///
    /// For `medicationErrors` the numerator is the error count and the denominator the MAR
    /// entries (the indicator's value is the count: see ``indicatorValue(of:)``).
    public func value(of measure: ComplianceMeasure) -> (numerator: Int, denominator: Int)? {
        let ratio: ComplianceRatio
        switch measure {
        case .plansWithin28Days: ratio = plansWithinDeadline
        case .reviewsWithinSixMonths: ratio = reviewsWithinInterval
        case .visitsVerifiedElectronically: ratio = visitsVerifiedElectronically
        case .visitsOnTime: ratio = visitsOnTime
        case .missedVisits: ratio = missedVisits
        case .marEntriesWithOutcome: ratio = marEntriesWithOutcome
        case .missedMedications: ratio = missedMedications
        case .medicationErrors:
            let entries = marEntriesWithOutcome.denominator
            return entries == 0 && medicationErrors == 0 ? nil : (medicationErrors, entries)
        case .complaintsStage1OnTime: ratio = complaintsStage1OnTime
        case .complaintsStage2AcknowledgedOnTime: ratio = complaintsStage2AcknowledgedOnTime
        case .complaintsStage2OnTime: ratio = complaintsStage2OnTime
        case .notificationsOnTime: ratio = notificationsOnTime
        case .trainingCurrent: ratio = trainingCurrent
        case .supervisionWithinInterval: ratio = supervisionWithinInterval
        case .ssscRegistrationCurrent: ratio = ssscRegistrationCurrent
        }
        return ratio.denominator == 0 ? nil : (ratio.numerator, ratio.denominator)
    }

    /// The indicator's value in the measure's unit: a percentage for rates, the count for
    /// `medicationErrors`; nil when there is no data.
    public func indicatorValue(of measure: ComplianceMeasure) -> Double? {
        guard let value = value(of: measure) else { return nil }
        if measure == .medicationErrors { return Double(value.numerator) }
        return Double(value.numerator) * 100 / Double(value.denominator)
    }

    // MARK: Accumulation

    /// Counts one notification of `category`.
    mutating func recordNotification(
        _ category: NotificationCategory, onTime: Bool, deadline: (hours: Int, confirmed: Bool)
    ) {
        notificationsOnTime.record(onTime)
        if let i = notificationsByCategory.firstIndex(where: { $0.category == category }) {
            notificationsByCategory[i].onTime.record(onTime)
        } else {
            var ratio = ComplianceRatio()
            ratio.record(onTime)
            notificationsByCategory.append(
                NotificationCategoryCompliance(
                    category: category, onTime: ratio, deadlineHours: deadline.hours,
                    deadlineConfirmed: deadline.confirmed))
            notificationsByCategory.sort { $0.category.catalogueOrder < $1.category.catalogueOrder }
        }
    }

    /// Counts one course for one member of staff (courses are added in the rules' order).
    mutating func recordCourse(_ course: TrainingCourse, current: Bool) {
        if let i = trainingByCourse.firstIndex(where: { $0.course == course }) {
            trainingByCourse[i].current.record(current)
        } else {
            var ratio = ComplianceRatio()
            ratio.record(current)
            trainingByCourse.append(TrainingCourseCompliance(course: course, current: ratio))
        }
    }

    /// Adds another scope's counts into this one (teams into the whole service).
    mutating func add(_ other: ComplianceMeasures) {
        plansWithinDeadline = plansWithinDeadline + other.plansWithinDeadline
        reviewsWithinInterval = reviewsWithinInterval + other.reviewsWithinInterval
        visitsVerifiedElectronically = visitsVerifiedElectronically + other.visitsVerifiedElectronically
        visitsOnTime = visitsOnTime + other.visitsOnTime
        missedVisits = missedVisits + other.missedVisits
        marEntriesWithOutcome = marEntriesWithOutcome + other.marEntriesWithOutcome
        missedMedications = missedMedications + other.missedMedications
        medicationErrors += other.medicationErrors
        nearMisses += other.nearMisses
        complaintsStage1OnTime = complaintsStage1OnTime + other.complaintsStage1OnTime
        complaintsStage2AcknowledgedOnTime =
            complaintsStage2AcknowledgedOnTime + other.complaintsStage2AcknowledgedOnTime
        complaintsStage2OnTime = complaintsStage2OnTime + other.complaintsStage2OnTime
        notificationsOnTime = notificationsOnTime + other.notificationsOnTime
        for figure in other.notificationsByCategory {
            if let i = notificationsByCategory.firstIndex(where: { $0.category == figure.category }) {
                notificationsByCategory[i].onTime = notificationsByCategory[i].onTime + figure.onTime
            } else {
                notificationsByCategory.append(figure)
            }
        }
        notificationsByCategory.sort { $0.category.catalogueOrder < $1.category.catalogueOrder }
        trainingCurrent = trainingCurrent + other.trainingCurrent
        for figure in other.trainingByCourse {
            if let i = trainingByCourse.firstIndex(where: { $0.course == figure.course }) {
                trainingByCourse[i].current = trainingByCourse[i].current + figure.current
            } else {
                trainingByCourse.append(figure)
            }
        }
        supervisionWithinInterval = supervisionWithinInterval + other.supervisionWithinInterval
        ssscRegistrationCurrent = ssscRegistrationCurrent + other.ssscRegistrationCurrent
    }
}

extension NotificationCategory {
    /// The category's place in the catalogue's order, which the compliance figures follow.
    fileprivate var catalogueOrder: Int { Self.allCases.firstIndex(of: self) ?? Self.allCases.count }
}
