#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The operating system's name and version, for the metrics resource's `os` and `os_version`
/// (as the original crate reports them: `Debian` / `12`, `Ubuntu` / `22.04`).
struct OperatingSystemInfo: Sendable, Hashable {
    /// The system's name.
    var name: String
    /// Its version, `Unknown` when it cannot be read.
    var version: String

    /// The running system: on Linux from `/etc/os-release` (`ID` capitalized, `VERSION_ID`),
    /// elsewhere from `uname`.
    static let current: OperatingSystemInfo = {
        #if os(Linux)
        if let release = readFile("/etc/os-release") {
            let fields = parseOSRelease(release)
            let id = fields["ID"] ?? "linux"
            return OperatingSystemInfo(
                name: id.prefix(1).uppercased() + id.dropFirst(), version: fields["VERSION_ID"] ?? "Unknown")
        }
        #endif
        var system = utsname()
        guard uname(&system) == 0 else { return OperatingSystemInfo(name: "Unknown", version: "Unknown") }
        func text<T>(_ field: T) -> String {
            withUnsafeBytes(of: field) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        }
        return OperatingSystemInfo(name: text(system.sysname), version: text(system.release))
    }()

    /// `KEY=value` lines, values unquoted.
    static func parseOSRelease(_ text: String) -> [String: String] {
        var fields: [String: String] = [:]
        for line in text.split(separator: "\n") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            var value = line[line.index(after: equals)...]
            if value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first {
                value = value.dropFirst().dropLast()
            }
            fields[String(line[..<equals])] = String(value)
        }
        return fields
    }

    private static func readFile(_ path: String) -> String? {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while bytes.count < 65_536 {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else { break }
            bytes.append(contentsOf: chunk.prefix(count))
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
