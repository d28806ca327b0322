@_exported import BenchmarkSupport
