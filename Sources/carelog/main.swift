import CarelogCLI

CarelogCommand.main()
