#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The OpenTelemetry specification's mapping of a positive value to its bucket index in a base-2
/// exponential histogram of a given scale.
///
/// At scale `s` the base is `2^(2^-s)` and bucket `i` holds `(base^i, base^(i+1)]`: upper bounds
/// are inclusive, so an exact power of two falls in the bucket below it. Index `i` at scale `s`
/// becomes `i >> c` at scale `s - c`, which is how buckets merge when the scale falls.
enum ExponentialMapping {
    /// The finest scale the specification allows.
    static let maxScale = 20
    /// The coarsest scale the specification allows; at it every double fits in three buckets.
    static let minScale = -10

    /// The index of the bucket holding `value` (finite, greater than zero) at `scale`.
    static func index(of value: Double, scale: Int) -> Int {
        let exponent = Int(value.exponent)
        // `significand` is in [1, 2) for normal and subnormal values alike.
        let isPowerOfTwo = value.significand == 1
        if scale <= 0 {
            return (isPowerOfTwo ? exponent - 1 : exponent) >> -scale
        }
        if isPowerOfTwo { return (exponent << scale) - 1 }
        // ceil(log2(value) * 2^scale) - 1, by the natural logarithm. Near a boundary the
        // logarithm can be off by one ulp; clamping to the value's binade keeps the index in the
        // buckets the exponent allows, as the specification recommends.
        let scaleFactor = Double(sign: .plus, exponent: scale, significand: 1.442_695_040_888_963_4)
        let raw = Int((log(value) * scaleFactor).rounded(.up)) - 1
        let lowest = exponent << scale
        let highest = ((exponent + 1) << scale) - 1
        return Swift.min(Swift.max(raw, lowest), highest)
    }

    /// The lower boundary of bucket `index` at `scale` (the bucket excludes it).
    static func lowerBoundary(index: Int, scale: Int) -> Double {
        if scale <= 0 { return Double(sign: .plus, exponent: index << -scale, significand: 1) }
        return exp2(Double(index) / Double(1 << scale))
    }
}
