print("carelog-bench: under construction")
