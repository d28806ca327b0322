import CodexOtelDemoKit

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

exit(await CodexOtelDemo.main(arguments: Array(CommandLine.arguments.dropFirst())))
