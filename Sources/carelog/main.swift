import CarelogCLI

CarelogCommand.mainProcess()
