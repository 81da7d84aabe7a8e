/// The whole CSV output of ``ReportFixture/document``: one string per record, without its CRLF.
enum CSVGolden {
    /// The records in order; the file is these joined and each ended with CRLF.
    static let records: [String] = [
        "section,activity,update,rag,plan,due,recorded,staff,compliance,complianceNumerator,complianceDenominator,compliancePercent,team",
        "Workstream 1 Requirements Phase 2,Care Planning,Plans continue | Reports from Carefirst,amber,\"Plan | risk, \"\"outcomes\"\"\nsee <script>alert('x')</script> & more\",2020-03-31,2020-01-29T09:30:00.000Z,12,45/50 (90.0%),45,50,90.0,",
        "Workstream 1 Requirements Phase 2,Medication,,green,\"'-ve result, recheck\",,2020-06-01T09:05:00.000Z,0,0/0 (–),0,0,,",
        "Workstream 1 Requirements Phase 2,Reviews,Overdue reviews done,red,,2020-02-29,,-3,1/3 (33.3%),1,3,33.3,",
        "Workstream 1 Requirements Phase 2,Complaints,,noData,Monthly reviews,,,,,,,,",
        "Whole service,,,green,,,,,2/3 (66.7%),2,3,66.7,Barrhead",
    ]

    /// The expected file.
    static var expected: String { records.map { $0 + "\r\n" }.joined() }
}
