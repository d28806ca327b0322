#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Checks of the certificate and key files a TLS configuration names.
enum TLSFiles {
    /// Whether `path` names something this process can read that is not a directory (a
    /// directory passes `access(R_OK)`, and libcurl would only fail on it at the handshake).
    static func isReadableFile(_ path: String) -> Bool {
        guard !path.isEmpty, access(path, R_OK) == 0 else { return false }
        var information = stat()
        return stat(path, &information) == 0 && (information.st_mode & S_IFMT) != S_IFDIR
    }
}

/// How ``CurlHTTPClient`` sets up TLS for `https://` endpoints.
///
/// Peer verification is on unless ``insecure`` is set: the server certificate must chain to a
/// trusted CA and name the host of the URL.
public struct TLSConfiguration: Sendable, Equatable {
    /// A PEM file of CA certificates. When set, only these CAs are trusted (the system store is
    /// not used). When `nil`, the system's CA store is used.
    public var trustedCAFile: String?
    /// A PEM client certificate for mutual TLS. The key may be in the same file.
    public var clientCertificateFile: String?
    /// The PEM private key of ``clientCertificateFile`` when it is in a separate file.
    public var clientKeyFile: String?
    /// Turns certificate and host name verification off. Only for tests and trusted networks.
    public var insecure: Bool

    /// Creates a TLS configuration; the default verifies against the system's CA store.
    public init(
        trustedCAFile: String? = nil,
        clientCertificateFile: String? = nil,
        clientKeyFile: String? = nil,
        insecure: Bool = false
    ) {
        self.trustedCAFile = trustedCAFile
        self.clientCertificateFile = clientCertificateFile
        self.clientKeyFile = clientKeyFile
        self.insecure = insecure
    }
}
