import AllocatorSettings
import CarelogCLI

// Reports read projection states saved in the cache at once: on the allocator's large pages
// (``LargeAllocatorPages``). Other commands (import, serve) keep the allocator's defaults.
if CommandLine.arguments.dropFirst().first == "report" { LargeAllocatorPages.turnOn() }
CarelogCommand.mainProcess()
