import OtelOTLP
import Testing

@Suite("Retry-After")
struct RetryAfterTests {
    /// 1994-11-06T08:49:37Z, the RFC's example date.
    static let example: Int64 = 784_111_777

    @Test("delta-seconds")
    func seconds() {
        #expect(RetryAfter(headerValue: "120") == .seconds(120))
        #expect(RetryAfter(headerValue: " 0 ") == .seconds(0))
        #expect(RetryAfter(headerValue: "99999999999999999999999") == .seconds(Int64.max))
        #expect(RetryAfter.seconds(5).delaySeconds(nowUnixSeconds: 1_000) == 5)
    }

    @Test("the three HTTP-date forms")
    func dates() {
        #expect(RetryAfter(headerValue: "Sun, 06 Nov 1994 08:49:37 GMT") == .date(unixSeconds: Self.example))
        #expect(RetryAfter(headerValue: "Sunday, 06-Nov-94 08:49:37 GMT") == .date(unixSeconds: Self.example))
        #expect(RetryAfter(headerValue: "Sun Nov  6 08:49:37 1994") == .date(unixSeconds: Self.example))
        #expect(RetryAfter(headerValue: "Thu, 01 Jan 1970 00:00:00 GMT") == .date(unixSeconds: 0))
        #expect(RetryAfter(headerValue: "Tue, 29 Feb 2028 23:59:59 GMT") == .date(unixSeconds: 1_835_481_599))
        let date = RetryAfter.date(unixSeconds: Self.example)
        #expect(date.delaySeconds(nowUnixSeconds: Self.example - 30) == 30)
        #expect(date.delaySeconds(nowUnixSeconds: Self.example + 30) == 0)
    }

    @Test("invalid values are nil")
    func invalid() {
        for value in [
            "", "-1", "1.5", "soon", "Sun, 06 Nov 1994 08:49:37 UTC", "Sun, 31 Feb 1994 08:49:37 GMT",
            "Sun, 06 Foo 1994 08:49:37 GMT", "Sun, 06 Nov 1994 24:00:00 GMT",
        ] {
            #expect(RetryAfter(headerValue: value) == nil, "\(value)")
        }
    }
}
