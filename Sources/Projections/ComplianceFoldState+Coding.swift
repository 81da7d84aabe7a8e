import CareCalendar
import CareRecord

// The compact binary form of compliance's fold state (``FoldStateWriter``). Each type writes
// every stored field in declaration order; `ComplianceFoldStateCodingTests` checks that a state
// read back equals the one written and that no stored field is left out. Raise
// `Compliance.foldVersion` when a field is added, removed or reordered.

extension ComplianceFoldState: FoldStateCodable {
    public func write(to writer: inout FoldStateWriter) {
        writer.dictionary(people)
        writer.dictionary(visits)
        writer.dictionary(complaints)
        writer.dictionary(notifications)
        writer.dictionary(staff)
        writer.dictionary(counted)
    }

    public init(from reader: inout FoldStateReader) throws(FoldStateDecodingError) {
        people = try reader.dictionary(CompliancePerson.self)
        visits = try reader.dictionary(ComplianceVisit.self)
        complaints = try reader.dictionary(ComplianceComplaint.self)
        notifications = try reader.dictionary(ComplianceNotification.self)
        staff = try reader.dictionary(ComplianceStaff.self)
        counted = try reader.dictionary(ComplianceMeasures.self)
    }
}

extension CompliancePerson: FoldStateCodable {
    func write(to writer: inout FoldStateWriter) {
        writer.string(team)
        writer.date(firstServiceOn)
        writer.optional(endedOn) { $0.date($1) }
        writer.optional(planPreparedOn) { $0.date($1) }
        writer.array(reviews) { $0.date($1) }
    }

    init(from reader: inout FoldStateReader) throws(FoldStateDecodingError) {
        team = try reader.string()
        firstServiceOn = try reader.date()
        endedOn = try reader.optional { reader throws(FoldStateDecodingError) in try reader.date() }
        planPreparedOn = try reader.optional { reader throws(FoldStateDecodingError) in try reader.date() }
        reviews = try reader.array { reader throws(FoldStateDecodingError) in try reader.date() }
    }
}

extension ComplianceVisit: FoldStateCodable {
    func write(to writer: inout FoldStateWriter) {
        writer.string(team)
        writer.instant(plannedStart)
        writer.bool(timeCritical)
        writer.int(carersNeeded)
        writer.optional(firstCheckIn) { $0.instant($1) }
        writer.int(checkOuts)
        writer.bool(allElectronic)
    }

    init(from reader: inout FoldStateReader) throws(FoldStateDecodingError) {
        team = try reader.string()
        plannedStart = try reader.instant()
        timeCritical = try reader.bool()
        carersNeeded = try reader.int()
        firstCheckIn = try reader.optional { reader throws(FoldStateDecodingError) in try reader.instant() }
        checkOuts = try reader.int()
        allElectronic = try reader.bool()
    }
}

extension ComplianceComplaint: FoldStateCodable {
    func write(to writer: inout FoldStateWriter) {
        writer.string(team)
        writer.date(receivedOn)
        writer.catalogue(startsAt)
        writer.optional(acknowledgedOn) { $0.date($1) }
        writer.optional(stage1RespondedOn) { $0.date($1) }
        writer.bool(stage1ExtensionAgreed)
        writer.optional(stage2StartedOn) { $0.date($1) }
        writer.optional(stage2AcknowledgedOn) { $0.date($1) }
        writer.optional(stage2RespondedOn) { $0.date($1) }
        writer.optional(withdrawnOn) { $0.date($1) }
    }

    init(from reader: inout FoldStateReader) throws(FoldStateDecodingError) {
        let date = { (reader: inout FoldStateReader) throws(FoldStateDecodingError) in try reader.date() }
        team = try reader.string()
        receivedOn = try reader.date()
        startsAt = try reader.catalogue(ComplaintStage.self)
        acknowledgedOn = try reader.optional(date)
        stage1RespondedOn = try reader.optional(date)
        stage1ExtensionAgreed = try reader.bool()
        stage2StartedOn = try reader.optional(date)
        stage2AcknowledgedOn = try reader.optional(date)
        stage2RespondedOn = try reader.optional(date)
        withdrawnOn = try reader.optional(date)
    }
}

extension ComplianceNotification: FoldStateCodable {
    func write(to writer: inout FoldStateWriter) {
        writer.string(team)
        writer.catalogue(category)
        writer.instant(submittedAt)
        writer.instant(becameAwareAt)
    }

    init(from reader: inout FoldStateReader) throws(FoldStateDecodingError) {
        team = try reader.string()
        category = try reader.catalogue(NotificationCategory.self)
        submittedAt = try reader.instant()
        becameAwareAt = try reader.instant()
    }
}

extension ComplianceStaff: FoldStateCodable {
    func write(to writer: inout FoldStateWriter) {
        writer.string(team)
        writer.catalogue(role)
        writer.date(joinedOn)
        writer.optional(leftOn) { $0.date($1) }
        // In the catalogue's order, so equal states write equal bytes.
        writer.array(TrainingCourse.allCases.filter { courseExpiry[$0] != nil }) { writer, course in
            writer.catalogue(course)
            writer.date(courseExpiry[course] ?? ComplianceStaff.neverExpires)
        }
        writer.optional(lastSupervisionOn) { $0.date($1) }
        writer.optional(ssscExpiresOn) { $0.date($1) }
    }

    init(from reader: inout FoldStateReader) throws(FoldStateDecodingError) {
        team = try reader.string()
        role = try reader.catalogue(StaffRole.self)
        joinedOn = try reader.date()
        leftOn = try reader.optional { reader throws(FoldStateDecodingError) in try reader.date() }
        let courses = try reader.array { reader throws(FoldStateDecodingError) in
            (try reader.catalogue(TrainingCourse.self), try reader.date())
        }
        courseExpiry = Dictionary(courses, uniquingKeysWith: { _, last in last })
        lastSupervisionOn = try reader.optional { reader throws(FoldStateDecodingError) in try reader.date() }
        ssscExpiresOn = try reader.optional { reader throws(FoldStateDecodingError) in try reader.date() }
    }
}

extension ComplianceRatio: FoldStateCodable {
    public func write(to writer: inout FoldStateWriter) {
        writer.int(numerator)
        writer.int(denominator)
    }

    public init(from reader: inout FoldStateReader) throws(FoldStateDecodingError) {
        self.init(numerator: try reader.int(), denominator: try reader.int())
    }
}

extension ComplianceMeasures: FoldStateCodable {
    public func write(to writer: inout FoldStateWriter) {
        writer.optional(team) { $0.string($1) }
        for ratio in [
            plansWithinDeadline, reviewsWithinInterval, visitsVerifiedElectronically, visitsOnTime, missedVisits,
            marEntriesWithOutcome, missedMedications,
        ] {
            writer.value(ratio)
        }
        writer.int(medicationErrors)
        writer.int(nearMisses)
        for ratio in [complaintsStage1OnTime, complaintsStage2AcknowledgedOnTime, complaintsStage2OnTime] {
            writer.value(ratio)
        }
        writer.value(notificationsOnTime)
        writer.array(notificationsByCategory) { writer, figure in
            writer.catalogue(figure.category)
            writer.value(figure.onTime)
            writer.int(figure.deadlineHours)
            writer.bool(figure.deadlineConfirmed)
        }
        writer.value(trainingCurrent)
        writer.array(trainingByCourse) { writer, figure in
            writer.catalogue(figure.course)
            writer.value(figure.current)
        }
        writer.value(supervisionWithinInterval)
        writer.value(ssscRegistrationCurrent)
    }

    public init(from reader: inout FoldStateReader) throws(FoldStateDecodingError) {
        self.init(team: try reader.optional { reader throws(FoldStateDecodingError) in try reader.string() })
        plansWithinDeadline = try reader.value(ComplianceRatio.self)
        reviewsWithinInterval = try reader.value(ComplianceRatio.self)
        visitsVerifiedElectronically = try reader.value(ComplianceRatio.self)
        visitsOnTime = try reader.value(ComplianceRatio.self)
        missedVisits = try reader.value(ComplianceRatio.self)
        marEntriesWithOutcome = try reader.value(ComplianceRatio.self)
        missedMedications = try reader.value(ComplianceRatio.self)
        medicationErrors = try reader.int()
        nearMisses = try reader.int()
        complaintsStage1OnTime = try reader.value(ComplianceRatio.self)
        complaintsStage2AcknowledgedOnTime = try reader.value(ComplianceRatio.self)
        complaintsStage2OnTime = try reader.value(ComplianceRatio.self)
        notificationsOnTime = try reader.value(ComplianceRatio.self)
        notificationsByCategory = try reader.array { reader throws(FoldStateDecodingError) in
            NotificationCategoryCompliance(
                category: try reader.catalogue(NotificationCategory.self),
                onTime: try reader.value(ComplianceRatio.self), deadlineHours: try reader.int(),
                deadlineConfirmed: try reader.bool())
        }
        trainingCurrent = try reader.value(ComplianceRatio.self)
        trainingByCourse = try reader.array { reader throws(FoldStateDecodingError) in
            TrainingCourseCompliance(
                course: try reader.catalogue(TrainingCourse.self), current: try reader.value(ComplianceRatio.self))
        }
        supervisionWithinInterval = try reader.value(ComplianceRatio.self)
        ssscRegistrationCurrent = try reader.value(ComplianceRatio.self)
    }
}
