import Testing

@testable import OtelOTLP

/// Checks the numbers declared in ccurl.h against the libcurl that is running. (Info codes and
/// HTTP-version values are checked by behaviour in TransportIntegrationTests: status codes,
/// connection counts, negotiated HTTP/2.)
@Suite("libcurl constants")
struct CurlConstantsTests {
    @Test("every CURLOPT number we declare is libcurl's own number for that option")
    func optionNumbersMatchLibcurl() {
        #expect(CurlRuntime.declaredOptions.count >= 26)
        for (name, value) in CurlRuntime.declaredOptions {
            #expect(CurlRuntime.libcurlOptionNumber(name) == value, "CURLOPT_\(name)")
        }
        #expect(CurlRuntime.libcurlOptionNumber("NO_SUCH_OPTION") == nil)
    }

    @Test("the CURLcode numbers used for error mapping have libcurl's texts")
    func errorCodesMatchLibcurl() {
        #expect(CurlRuntime.errorText(0) == "No error")
        #expect(CurlRuntime.errorText(6) == "Couldn't resolve host name")
        #expect(CurlRuntime.errorText(7) == "Couldn't connect to server")
        #expect(CurlRuntime.errorText(28) == "Timeout was reached")
        #expect(CurlRuntime.errorText(35) == "SSL connect error")
        #expect(CurlRuntime.errorText(55) == "Failed sending data to the peer")
        #expect(CurlRuntime.errorText(56) == "Failure when receiving data from the peer")
        #expect(CurlRuntime.errorText(58) == "Problem with the local SSL certificate")
        #expect(CurlRuntime.errorText(60) == "SSL peer certificate or SSH remote key was not OK")
        #expect(CurlRuntime.errorText(77) == "Problem with the SSL CA cert (path? access rights?)")
    }

    @Test("libcurl version strings are parsed")
    func versionParsing() {
        #expect(CurlRuntime.parseVersion("libcurl/7.88.1 OpenSSL/3.0.19")! == (7, 88, 1))
        #expect(CurlRuntime.parseVersion("libcurl/8.10.1-DEV")! == (8, 10, 1))
        #expect(CurlRuntime.parseVersion("curl") == nil)
        #expect(CurlRuntime.versionNumber != nil)
    }

    @Test("libcurl is available and speaks HTTP/2")
    func libcurlVersion() {
        let version = CurlHTTPClient.libcurlVersion
        #expect(version.hasPrefix("libcurl/"))
        #expect(version.contains("nghttp2"))
    }
}
