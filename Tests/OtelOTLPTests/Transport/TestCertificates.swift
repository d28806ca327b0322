import Foundation

/// A throwaway PKI made with the `openssl` command line: a CA, a server certificate for
/// 127.0.0.1 (IP SAN), a client certificate, and an unrelated second CA.
struct TestCertificates {
    let directory: URL
    var caCertificate: String { path("ca.crt") }
    var serverCertificate: String { path("server.crt") }
    var serverKey: String { path("server.key") }
    var clientCertificate: String { path("client.crt") }
    var clientKey: String { path("client.key") }
    var otherCACertificate: String { path("other-ca.crt") }

    private func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// Receiver arguments for TLS (and mTLS when `requireClientCertificate`).
    func receiverArguments(requireClientCertificate: Bool) -> [String] {
        var arguments = ["--tls-cert", serverCertificate, "--tls-key", serverKey]
        if requireClientCertificate { arguments += ["--client-ca", caCertificate] }
        return arguments
    }

    func remove() {
        try? FileManager.default.removeItem(at: directory)
    }

    static func make() throws -> TestCertificates {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("otlp-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let certificates = TestCertificates(directory: directory)
        let ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        for (name, subject) in [("ca", "/CN=OTLP Test CA"), ("other-ca", "/CN=Unrelated Test CA")] {
            try openssl(
                ["req", "-x509"] + ec + [
                    "-keyout", "\(name).key", "-out", "\(name).crt", "-days", "2", "-subj", subject,
                    "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
                ], in: directory)
        }
        for (name, usage) in [("server", "serverAuth"), ("client", "clientAuth")] {
            let extensions = "basicConstraints=CA:FALSE\nsubjectAltName=IP:127.0.0.1\nextendedKeyUsage=\(usage)\n"
            try extensions.write(to: directory.appendingPathComponent("\(name).ext"), atomically: true, encoding: .utf8)
            try openssl(
                ["req"] + ec + ["-keyout", "\(name).key", "-out", "\(name).csr", "-subj", "/CN=127.0.0.1"],
                in: directory)
            try openssl(
                [
                    "x509", "-req", "-in", "\(name).csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                    "-out", "\(name).crt", "-days", "2", "-extfile", "\(name).ext",
                ], in: directory)
        }
        return certificates
    }

    private static func openssl(_ arguments: [String], in directory: URL) throws {
        let result = try runProcess("/usr/bin/env", ["openssl"] + arguments, currentDirectory: directory)
        guard result.status == 0 else {
            throw ReceiverError.setupFailed(
                "openssl \(arguments.prefix(2).joined(separator: " ")) failed: \(result.output)")
        }
    }
}
