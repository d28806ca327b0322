@_exported import OtelAPI
