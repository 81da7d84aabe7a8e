/// How a RAG table shows an indicator with no data.
public enum MissingDataRAG: String, CatalogueEnum {
    /// Shown as "no data" (grey).
    case noData
    /// Shown as red ("not known" counts as red).
    case red
}

/// What the first six-month review period runs from (rules.md §11.3, a policy setting).
public enum SixMonthPeriodStart: String, CatalogueEnum {
    /// The date the personal plan was prepared.
    case planDate
    /// The first service date.
    case firstServiceDate
}
