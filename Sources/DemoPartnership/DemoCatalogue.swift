import CareRecord

/// Fixed reference data for the demo: teams, medicines, exception codes and the improvement
/// programme's shape (after the East Renfrewshire Care at Home Improvement and Redesign
/// Programme, IJB 29 January 2020).
enum DemoCatalogue {
    /// A team, its locality and how often its carers' visits are verified electronically.
    struct Team {
        var id: String
        var locality: String
        var electronicRate: Double
        var share: Double
    }

    static let teams: [Team] = [
        Team(id: "barrhead", locality: "barrhead", electronicRate: 0.935, share: 0.30),
        Team(id: "eastwood-north", locality: "eastwood", electronicRate: 0.905, share: 0.25),
        Team(id: "eastwood-south", locality: "eastwood", electronicRate: 0.89, share: 0.20),
        Team(id: "levern-valley", locality: "levern-valley", electronicRate: 0.86, share: 0.25),
    ]

    /// A medicine on a MAR chart.
    struct Medicine {
        var name: String
        var dose: String
        var route: MedicationRoute
        var controlled: Bool
    }

    static let medicines: [Medicine] = [
        Medicine(name: "Paracetamol 500mg tablets", dose: "2 tablets", route: .oral, controlled: false),
        Medicine(name: "Metformin 500mg tablets", dose: "1 tablet", route: .oral, controlled: false),
        Medicine(name: "Amlodipine 5mg tablets", dose: "1 tablet", route: .oral, controlled: false),
        Medicine(name: "Donepezil 10mg tablets", dose: "1 tablet", route: .oral, controlled: false),
        Medicine(name: "Furosemide 40mg tablets", dose: "1 tablet", route: .oral, controlled: false),
        Medicine(name: "Levothyroxine 50 microgram tablets", dose: "1 tablet", route: .oral, controlled: false),
        Medicine(name: "Sertraline 50mg tablets", dose: "1 tablet", route: .oral, controlled: false),
        Medicine(name: "Omeprazole 20mg capsules", dose: "1 capsule", route: .oral, controlled: false),
        Medicine(name: "Ramipril 5mg capsules", dose: "1 capsule", route: .oral, controlled: false),
        Medicine(name: "Simvastatin 40mg tablets", dose: "1 tablet", route: .oral, controlled: false),
        Medicine(name: "Emollient cream", dose: "apply thinly", route: .topical, controlled: false),
        Medicine(name: "Latanoprost eye drops", dose: "1 drop each eye", route: .eye, controlled: false),
        Medicine(name: "Salbutamol inhaler", dose: "2 puffs", route: .inhaled, controlled: false),
        Medicine(name: "Oxycodone 5mg capsules", dose: "1 capsule", route: .oral, controlled: true),
        Medicine(name: "Buprenorphine 5 microgram/hour patch", dose: "1 patch", route: .transdermal, controlled: true),
    ]

    /// CM2000-style exception codes for visits not logged electronically.
    static let exceptionCodes = ["NO-SIGNAL", "PHONE-FAULT", "TAG-MISSING", "LANDLINE-UNAVAILABLE", "APP-NOT-SYNCED"]

    /// Months of validity per course (nil: never expires).
    static func validityMonths(_ course: TrainingCourse) -> Int? {
        switch course {
        case .induction: return nil
        case .medication: return 12
        case .adultSupportAndProtection: return 36
        case .firstAid: return 36
        case .dementia: return 36
        case .foodHygiene: return 36
        case .dataProtection: return 24
        }
    }

    /// An improvement-programme activity.
    struct Activity {
        var id: String
        var title: String
        var indicator: ActivityIndicator?
        /// Q1 bullets from the seed (the first quarter reported), then later quarters' bullets.
        var firstUpdate: [String]
        var firstRAG: RAGStatus?
        var firstPlan: [String]
    }

    /// A workstream and its activities.
    struct Workstream {
        var id: String
        var number: Int
        var title: String
        var activities: [Activity]
    }

    static let programmeID = "ER-CAH-2020"
    static let programmeTitle = "Care at Home Improvement and Redesign Programme"

    static func indicator(
        _ measure: ComplianceMeasure, _ target: Double, _ tolerance: Double, lowerIsBetter: Bool = false
    ) -> ActivityIndicator {
        ActivityIndicator(
            measure: measure, target: target, direction: lowerIsBetter ? .lowerIsBetter : .higherIsBetter,
            amberTolerance: tolerance)
    }

    static let workstreams: [Workstream] = [
        Workstream(
            id: "ws1", number: 1, title: "Requirements Phase 2",
            activities: [
                Activity(
                    id: "care-planning", title: "Care Planning", indicator: indicator(.plansWithin28Days, 90, 10),
                    firstUpdate: [
                        "Care planning for the service continues to be undertaken",
                        "Positive progress being made on creation of reports from Carefirst to ensure that our care planning performance is maintained",
                        "Ongoing development with organisers on outcome focussed care planning, with practice forums to support this",
                    ], firstRAG: nil,
                    firstPlan: [
                        "Improve quality of plans to better reflect outcomes and risk management",
                        "Refine pathway to ensure all service users entering the service have a care plan developed in line with statutory requirement",
                    ]),
                Activity(
                    id: "medication", title: "Medication",
                    indicator: indicator(.missedMedications, 1, 1, lowerIsBetter: true),
                    firstUpdate: [
                        "Over 50% of staff have now completed medication good practice training",
                        "Medication pilot planning completed. Pilot now operational",
                        "Some queries raised via Trade Union reps from frontline staff",
                    ], firstRAG: nil,
                    firstPlan: [
                        "Train remaining staff in medication good practice",
                        "Commence the pilot and monitor early impacts",
                        "Roll out pilot across Barrhead locality",
                    ]),
                Activity(
                    id: "reviews", title: "Reviews", indicator: indicator(.reviewsWithinSixMonths, 95, 10),
                    firstUpdate: [
                        "Historical overdue reviews completed (except handful outwith our control)",
                        "Automated Carefirst report now refined and generated weekly to ensure review performance is maintained",
                        "Quality sampling of reviews undertaken has commenced",
                    ], firstRAG: nil,
                    firstPlan: ["Improve quality of reviews", "Develop QA measures within the review process"]),
                Activity(
                    id: "complaints", title: "Complaints", indicator: indicator(.complaintsStage1OnTime, 90, 15),
                    firstUpdate: [
                        "Limited progress", "Recording process continues to be refined",
                        "External advisor supporting the further development of complaint handling process and overview",
                    ], firstRAG: nil,
                    firstPlan: [
                        "Introduce monthly management team complaint reviews - complaint overview and learning improvement focus",
                        "Ensure overview of complaint activity for the service is further developed and maintained",
                    ]),
                Activity(
                    id: "service-delivery", title: "Service Delivery",
                    indicator: indicator(.visitsVerifiedElectronically, 95, 3),
                    firstUpdate: [
                        "Compliance rates (use of electronic monitoring of visit times) now sitting at over 90%",
                        "Where frontline staff resource has allowed visit times have been increased when required",
                    ], firstRAG: nil,
                    firstPlan: [
                        "Improve communications to front line staff around changes to schedules",
                        "Secure additional management resource to support service redesign",
                    ]),
                Activity(
                    id: "employ-deploy", title: "Employ/Deploy", indicator: nil,
                    firstUpdate: [
                        "Additional 8 staff recruited - induction this month",
                        "Advertising strategy planned and designed with TV partners and Internal Communication team",
                    ], firstRAG: .amber,
                    firstPlan: [
                        "Ongoing recruitment", "Implement recruitment strategy",
                        "Provide better continuity of care/service timings/patterns of service delivery",
                        "Progress modern apprenticeship scheme",
                    ]),
                Activity(
                    id: "training", title: "Training", indicator: indicator(.trainingCurrent, 90, 10),
                    firstUpdate: [
                        "Training completed to quarterly plan (focused medication, ASP, food hygiene and GDPR)",
                        "Competency checks commenced",
                        "Draft Learning and Development framework for Intensive Services completed",
                    ], firstRAG: nil,
                    firstPlan: [
                        "Deliver training plan - first aid, dementia and medication focus",
                        "Deliver 2x further induction programmes",
                    ]),
                Activity(
                    id: "supervision", title: "Supervision", indicator: indicator(.supervisionWithinInterval, 90, 10),
                    firstUpdate: ["Field based supervisions have commenced"], firstRAG: nil,
                    firstPlan: [
                        "Continue monitoring to ensure schedule is being followed as normal practice",
                        "Develop quality of sessions and experience of managers & organisers in delivering supervisions",
                    ]),
                Activity(
                    id: "notifications", title: "Notification to Care Inspectorate",
                    indicator: indicator(.notificationsOnTime, 95, 10),
                    firstUpdate: ["Managers continue to undertake reporting"], firstRAG: nil,
                    firstPlan: [
                        "Introduce a monthly overview and focus on reporting at management meetings",
                        "Remind staff regularly on the importance of notification",
                        "Ensure better reporting is in place (volume/timeliness)",
                    ]),
                Activity(
                    id: "dementia", title: "Dementia", indicator: nil,
                    firstUpdate: [
                        "Training dates set for this quarter and cohort size agreed",
                        "Dementia good practice discussions held at patch meetings",
                    ], firstRAG: .green, firstPlan: ["Staff attend training as scheduled"]),
                Activity(
                    id: "supplementary", title: "Supplementary", indicator: indicator(.ssscRegistrationCurrent, 100, 5),
                    firstUpdate: [
                        "SSSC registration of workforce completed in advance of deadline",
                        "Quality Framework outline agreed",
                    ],
                    firstRAG: nil,
                    firstPlan: [
                        "Progress the development of the Quality Framework and relevant tools to support the implementation of this"
                    ]),
            ]),
        Workstream(
            id: "ws2", number: 2,
            title: "Service Redesign - Care at Home and Responder Services (including out of hours)",
            activities: [
                Activity(
                    id: "service-redesign", title: "Service Redesign", indicator: nil,
                    firstUpdate: [
                        "Preparation activity including: forming workstream team, prepare detailed project plan, define model & structure has been undertaken"
                    ],
                    firstRAG: .amber, firstPlan: ["Finalise job specifications and evaluate", "Financial modelling"])
            ]),
        Workstream(
            id: "ws3", number: 3, title: "Workforce Development",
            activities: [
                Activity(
                    id: "workforce-development", title: "Workforce Development", indicator: nil,
                    firstUpdate: ["Being managed under workstream 1"], firstRAG: .green,
                    firstPlan: ["Planning, design and delivery of training - ongoing quarterly planning"])
            ]),
        Workstream(
            id: "ws4", number: 4, title: "Private Providers (Interim framework)",
            activities: [
                Activity(
                    id: "private-providers", title: "Private Providers", indicator: nil,
                    firstUpdate: [
                        "Singular pathway for commissioning of Care at Home provision continues to be developed",
                        "Contract management officer for care at home providers appointed",
                    ], firstRAG: .green,
                    firstPlan: [
                        "Prepare provider market for future",
                        "Comprehensive overview of all externally commissioned Care at Home provision",
                    ])
            ]),
        Workstream(
            id: "ws5", number: 5, title: "Transport",
            activities: [
                Activity(
                    id: "transport", title: "Transport", indicator: nil,
                    firstUpdate: [
                        "Commissioning of review of use of transport within the service being progressed in partnership with Neighbourhood Services"
                    ],
                    firstRAG: .amber, firstPlan: ["Undertake review", "Recommendations to be progressed next quarter"])
            ]),
        Workstream(
            id: "ws6", number: 6, title: "Telecare TSA Action Plan",
            activities: [
                Activity(
                    id: "telecare-tsa", title: "Telecare TSA Action Plan", indicator: nil,
                    firstUpdate: [
                        "Review of improvement plan and activity by consultant has now been undertaken",
                        "Action plan for service progressing",
                    ],
                    firstRAG: .amber, firstPlan: ["Implement the agreed recommendations from consultant's report"])
            ]),
        Workstream(
            id: "ws7", number: 7, title: "Telecare A2D (operational)",
            activities: [
                Activity(
                    id: "telecare-a2d", title: "Telecare A2D", indicator: nil,
                    firstUpdate: ["Digital Office funding bid submitted"], firstRAG: .green,
                    firstPlan: ["Appoint to role", "Early planning/preparation for implementation"])
            ]),
        Workstream(
            id: "ws8", number: 8, title: "Embedding TEC",
            activities: [
                Activity(
                    id: "embedding-tec", title: "Embedding TEC", indicator: nil,
                    firstUpdate: ["Appointment to role agreed"], firstRAG: .green,
                    firstPlan: ["Continue workstream planning", "Progress workstream"])
            ]),
    ]

    /// Later quarters' update bullets, chosen by the generator.
    static let laterUpdates = [
        "Performance reviewed monthly at the management team using the Carelog compliance report",
        "Improvement actions from the previous quarter completed",
        "Some slippage due to staffing pressures; recovery plan agreed",
        "Practice forum held with organisers and senior home care workers",
        "Audit of a sample of records completed; findings shared with teams",
        "Progress reported to the Programme Oversight Board",
    ]

    /// Later quarters' plan bullets.
    static let laterPlans = [
        "Sustain improvement and embed in normal practice",
        "Target teams below the service average with focused support",
        "Repeat the record audit next quarter",
        "Report progress to the Integration Joint Board",
    ]
}
