print("carelog-reliability: under construction")
