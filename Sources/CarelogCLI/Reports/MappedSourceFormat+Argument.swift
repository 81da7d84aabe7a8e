import ArgumentParser

/// `--source-format csv|xlsx` for `carelog import --mapping`.
extension MappedSourceFormat: ExpressibleByArgument {}
