/// The whole JSON output of ``ReportFixture/document``, kept apart from the tests for length.
enum JSONGolden {
    /// The expected text (the literal has no trailing newline; the output ends with one).
    static let expected = #"""
        {
          "provenance": {
            "asAt": "2020-03-31",
            "checkpoint": {
              "headHash": "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff",
              "recordedAt": "2020-03-31T16:05:00.000Z",
              "sequence": 1200,
              "storeID": "store-7f3a"
            },
            "periodEnd": "2020-03-31",
            "periodStart": "2020-01-01",
            "rules": "rules v3 (in force from 2020-01-01)"
          },
          "schemaVersion": 2,
          "sections": [
            {
              "columns": [
                {
                  "key": "activity",
                  "title": "Activity"
                },
                {
                  "key": "update",
                  "title": "Latest update"
                },
                {
                  "key": "rag",
                  "title": "RAG"
                },
                {
                  "key": "plan",
                  "title": "Next quarter"
                },
                {
                  "key": "due",
                  "title": "Due"
                },
                {
                  "key": "recorded",
                  "title": "Recorded"
                },
                {
                  "key": "staff",
                  "title": "Staff"
                },
                {
                  "key": "compliance",
                  "title": "Compliance"
                }
              ],
              "heading": "Workstream 1 Requirements Phase 2",
              "notes": [
                "Activities in programme order.",
                "RAG set by hand where the update says so."
              ],
              "rows": [
                {
                  "activity": "Care Planning",
                  "compliance": {
                    "denominator": 50,
                    "numerator": 45,
                    "percent": 90.0
                  },
                  "due": "2020-03-31",
                  "plan": "Plan | risk, \"outcomes\"\nsee <script>alert('x')</script> & more",
                  "rag": "amber",
                  "recorded": "2020-01-29T09:30:00.000Z",
                  "staff": 12,
                  "update": [
                    "Plans continue",
                    "Reports from Carefirst"
                  ]
                },
                {
                  "activity": "Medication",
                  "compliance": {
                    "denominator": 0,
                    "numerator": 0,
                    "percent": null
                  },
                  "due": null,
                  "plan": "-ve result, recheck",
                  "rag": "green",
                  "recorded": "2020-06-01T09:05:00.000Z",
                  "staff": 0,
                  "update": []
                },
                {
                  "activity": "Reviews",
                  "compliance": {
                    "denominator": 3,
                    "numerator": 1,
                    "percent": 33.3
                  },
                  "due": "2020-02-29",
                  "plan": null,
                  "rag": "red",
                  "recorded": null,
                  "staff": -3,
                  "update": [
                    "Overdue reviews done"
                  ]
                },
                {
                  "activity": "Complaints",
                  "compliance": null,
                  "due": null,
                  "plan": "Monthly reviews",
                  "rag": "noData",
                  "recorded": null,
                  "staff": null,
                  "update": null
                }
              ]
            },
            {
              "columns": [
                {
                  "key": "team",
                  "title": "Team"
                },
                {
                  "key": "compliance",
                  "title": "Compliance"
                },
                {
                  "key": "rag",
                  "title": "RAG"
                }
              ],
              "heading": "Whole service",
              "notes": [],
              "rows": [
                {
                  "compliance": {
                    "denominator": 3,
                    "numerator": 2,
                    "percent": 66.7
                  },
                  "rag": "green",
                  "team": "Barrhead"
                }
              ]
            }
          ],
          "title": "Improvement programme: Q1 2020"
        }
        """# + "\n"
}
