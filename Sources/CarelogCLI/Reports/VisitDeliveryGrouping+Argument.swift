import ArgumentParser
import Projections

/// `--by team|carer|person` for `carelog report visit-delivery`.
extension VisitDeliveryGrouping: ExpressibleByArgument {}
